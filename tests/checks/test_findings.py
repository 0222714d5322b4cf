import json

from kikultur.checks.findings import Finding, findings_json


def test_finding_serialises_to_the_shared_json_contract() -> None:
    finding = Finding(
        check="privacy",
        kind="EMAIL",
        start=4,
        end=20,
        text="anna@example.org",
        message="E-Mail-Adresse",
        suggestions=("[EMAIL_1]",),
    )
    data = json.loads(findings_json([finding]))
    assert data == {
        "findings": [
            {
                "check": "privacy",
                "kind": "EMAIL",
                "start": 4,
                "end": 20,
                "text": "anna@example.org",
                "message": "E-Mail-Adresse",
                "suggestions": ["[EMAIL_1]"],
                "status": "open",
                "severity": "warning",
            }
        ]
    }
