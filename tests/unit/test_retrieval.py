from assistant.retrieval import _initialisms


def test_initials_stand_for_a_name_of_three_or_more_words_only_when_unambiguous():
    metadatas = [
        {"doc_id": "a", "title": "USA Rare Earth: magnets and Less Common Metals", "companies": []},
        {"doc_id": "b", "title": "Peak Rare Earths", "companies": ["Peak Rare Earths", "Mamba"]},
        {"doc_id": "c", "title": "Pela Rare Earths", "companies": ["Pine Ridge Energy"]},
        {"doc_id": "c", "title": "Pela Rare Earths", "companies": ["Pine Ridge Energy"]},
        {
            "doc_id": "d",
            "title": "",
            "companies": ["Tanbreez Mining Greenland", "Toyota Motor Group"],
        },
    ]
    spelled = _initialisms(metadatas, vocabulary=frozenset())
    # "Mamba" is one word, "TMG" stands for two names, "PRE" is a word ("PRE-FID") as well
    assert spelled == {"LCM": "Less Common Metals"}
    assert _initialisms(metadatas, vocabulary=frozenset({"lcm"})).get("LCM") is None


def test_a_possessive_ends_a_titles_run_of_names():
    from assistant.retrieval import _subject_names

    names = _subject_names([{"title": "Quorra Metals' Velden Ridge mill: pilot-scale output"}])
    assert {"quorra metals", "velden ridge"} <= names


def test_an_alias_given_for_one_company_written_two_ways_stands_for_it():
    from assistant.retrieval import _aliases

    metadatas = [
        {"aliases": ["ORN=Orrin Minerals Ltd"]},
        {"aliases": ["ORN=ORRIN MINERALS", "KV=Kestle Ventures"]},
        {"aliases": ["KV=Velden Metals"]},  # two companies: the alias stands for neither
    ]
    assert _aliases(metadatas) == {"ORN": "Orrin Minerals Ltd"}
