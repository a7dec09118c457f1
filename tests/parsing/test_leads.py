import pytest

from followthrough.interchange import Lead
from followthrough.parsing.leads import parse_leads

L = Lead


@pytest.mark.parametrize(
    "text, leads",
    [
        ("Venetia Young (GP services)", [L("Venetia Young", None, "GP services")]),
        (
            "Joanne Pryce - MARAC Coordinator (Eastmere Borough Council)",
            [L("Joanne Pryce", "MARAC Coordinator", "Eastmere Borough Council")],
        ),
        ("Kit Marsh - DA Lead (Northmoor Police)", [L("Kit Marsh", "DA Lead", "Northmoor Police")]),
        (
            "Natalia Wealleans - Turner(CADAS) Venetia Young (GP services)",
            [L("Natalia Wealleans-Turner", None, "CADAS"), L("Venetia Young", None, "GP services")],
        ),
        ("Louise Kelly (CCC DV Lead Officer) / Jenny Draper (South Lakeland CSP)",
         [L("Louise Kelly", "DV Lead Officer", "CCC"),
          L("Jenny Draper", None, "South Lakeland CSP")]),
        (
            "Supt Mike Forrester (Cumbria Police) Alison Brown (CPFT)",
            [L("Mike Forrester", "Supt", "Cumbria Police"), L("Alison Brown", None, "CPFT")],
        ),
        ("Graham Vincent SLCSP Chair", [L("Graham Vincent", "Chair", "SLCSP")]),
        ("Jo Bloggs - Safeguarding Lead (Anytown Council)",
         [L("Jo Bloggs", "Safeguarding Lead", "Anytown Council")]),
        ("Jo Bloggs (Safeguarding Lead Anytown Council)",
         [L("Jo Bloggs", "Safeguarding Lead", "Anytown Council")]),
        ("Alex Hart (Anytown Council Head of Community Safety)",
         [L("Alex Hart", "Head of Community Safety", "Anytown Council")]),
        ("DCI Sam Rowe (Anytown Police); Priya Shah, Named Nurse, Anytown NHS Trust",
         [L("Sam Rowe", "DCI", "Anytown Police"),
          L("Priya Shah", "Named Nurse", "Anytown NHS Trust")]),
        ("Dr Ana Silva (Designated Doctor, Anytown ICB)",
         [L("Dr Ana Silva", "Designated Doctor", "Anytown ICB")]),
        ("Anytown Police (DI Kim Park)", [L("Kim Park", "DI", "Anytown Police")]),
        ("Jo Bloggs - Chair of Anytown CSP", [L("Jo Bloggs", "Chair", "Anytown CSP")]),
        ("Anytown Police / Anytown Council",
         [L(None, None, "Anytown Police"), L(None, None, "Anytown Council")]),
        ("South Lakeland CSP", [L(None, None, "South Lakeland CSP")]),
        ("Safeguarding Lead", [L(None, "Safeguarding Lead", None)]),
        # Without brackets, as cells are often typed.
        ("Jo Bloggs Anytown Police", [L("Jo Bloggs", None, "Anytown Police")]),
        ("Sam Patel Northshire County Council",
         [L("Sam Patel", None, "Northshire County Council")]),
        ("Northshire County Council", [L(None, None, "Northshire County Council")]),
        ("North East Anytown Council", [L(None, None, "North East Anytown Council")]),
        ("Thames Valley Police", [L(None, None, "Thames Valley Police")]),
        ("DI Jo Bloggs, Public Protection Unit, Northshire Police",
         [L("Jo Bloggs", "DI, Public Protection Unit", "Northshire Police")]),
        ("Dr A Rahman, GP Partner, Greenvale Surgery",
         [L("Dr A Rahman", "GP Partner", "Greenvale Surgery")]),
        ("IDVA Service Manager, Northshire Women's Aid",
         [L(None, "IDVA Service Manager", "Northshire Women's Aid")]),
        ("Detective Superintendent, Public Protection",
         [L(None, "Detective Superintendent, Public Protection", None)]),
        ("Anytown Council – Head of ASC Systems, Jo Bloggs",
         [L("Jo Bloggs", "Head of ASC Systems", "Anytown Council")]),
        ("Anytown Fire & Rescue Service – Station Manager (Prevention), Kim Park",
         [L("Kim Park", "Station Manager (Prevention)", "Anytown Fire & Rescue Service")]),
        ("All agency leads", [L(None, "All agency leads", None)]),
        ("All partners", [L(None, None, "All partners")]),
        ("Service Manager, Safeguarding Adults Team, Northshire Council",
         [L(None, "Service Manager, Safeguarding Adults Team", "Northshire Council")]),
        ("DHR Coordinator, Safer Northshire Partnership",
         [L(None, "DHR Coordinator", "Safer Northshire Partnership")]),
        ("Amir Khan, Service Manager, Adult Social Care",
         [L("Amir Khan", "Service Manager", "Adult Social Care")]),
        ("Adult Social Care - Head of Service", [L(None, "Head of Service", "Adult Social Care")]),
        ("Probation (NPS) – Head of Cluster", [L(None, "Head of Cluster", "Probation (NPS)")]),
        ("CCG Designated Nurse Safeguarding Adults",
         [L(None, "Designated Nurse Safeguarding Adults", "CCG")]),
        ("Head of Safeguarding (Northshire ICB)",
         [L(None, "Head of Safeguarding", "Northshire ICB")]),
        ("", []),
    ],
)  # fmt: skip
def test_it_reads_leads_as_plans_write_them(text, leads):
    assert parse_leads(text) == leads


def test_it_closes_a_bracket_the_extraction_lost_and_says_so():
    notes: list[str] = []
    leads = parse_leads("Venetia Young (GP services Claire Sinclair (Unity)", notes)
    assert leads == [L("Venetia Young", None, "GP services"), L("Claire Sinclair", None, "Unity")]
    assert len(notes) == 1 and "brackets" in notes[0]


def test_it_warns_about_a_lead_without_an_agency():
    notes: list[str] = []
    assert parse_leads("Sam Rowe", notes) == [L("Sam Rowe", None, None)]
    assert notes == ["lead 'Sam Rowe' has no agency"]


def test_it_warns_when_it_splits_a_lead_without_brackets():
    notes: list[str] = []
    parse_leads("Graham Vincent SLCSP Chair", notes)
    assert any("no brackets" in note for note in notes)


def test_a_lead_written_cleanly_gives_no_warning():
    notes: list[str] = []
    parse_leads("Jo Bloggs (Anytown Council)", notes)
    assert notes == []
