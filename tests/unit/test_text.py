from assistant.text import fold


def test_accents_are_dropped_and_nothing_else_changes():
    assert fold("Norra Kärr, Sillamäe and Goiás") == "Norra Karr, Sillamae and Goias"
    assert fold("São Paulo's Araxá: 1,500 t") == "Sao Paulo's Araxa: 1,500 t"
    assert fold("Lynas NdPr 6,558 t (FY25)") == "Lynas NdPr 6,558 t (FY25)"
