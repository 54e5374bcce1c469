from assistant.text import fold


def test_accents_are_dropped_and_nothing_else_changes():
    assert fold("Norra Kärr, Sillamäe and Goiás") == "Norra Karr, Sillamae and Goias"
    assert fold("São Paulo's Araxá: 1,500 t") == "Sao Paulo's Araxa: 1,500 t"
    assert fold("Lynas NdPr 6,558 t (FY25)") == "Lynas NdPr 6,558 t (FY25)"


def test_a_country_is_known_by_the_short_name_news_uses():
    from assistant.text import places

    assert places.is_place_name("Russia") and places.is_place_name("South Korea")
    assert not places.is_place_name("Brennan")


def test_a_state_typed_one_way_is_known_to_articles_written_another():
    from assistant.text.places import other_forms_of_a_state

    assert other_forms_of_a_state("ontario") == ["ont"]  # "Quorra Hill, Ont."
    assert other_forms_of_a_state("NC") == ["north carolina"]
    assert other_forms_of_a_state("kastria") == []


def test_a_lone_element_symbol_is_no_name():
    from assistant.text.names import entities

    assert entities("Is Quorra separating Dy/Tb at Velden yet?") == {"quorra", "velden"}
