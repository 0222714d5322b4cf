"""The fact sheet (Steckbrief) payload: the facts later tools and checks read."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from kikultur.schemas.common import GermanInt, Stripped

HAMBURG_DISTRICTS = (
    "Altona",
    "Bergedorf",
    "Eimsbüttel",
    "Hamburg-Mitte",
    "Hamburg-Nord",
    "Harburg",
    "Wandsbek",
)
AddressForm = Literal["sie", "du"]
GenderStyle = Literal["stern", "doppelpunkt", "neutral", "paarform"]
District = Literal["", "Altona", "Bergedorf", "Eimsbüttel", "Hamburg-Mitte", "Hamburg-Nord",
                   "Harburg", "Wandsbek"]  # fmt: skip


ShortText = Annotated[str, Stripped, Field(max_length=200)]
RequiredShortText = Annotated[str, Stripped, Field(min_length=1, max_length=200)]
Platform = Annotated[str, Stripped, Field(min_length=1, max_length=100)]
Account = Annotated[str, Stripped, Field(min_length=1, max_length=300)]
AddressText = Annotated[str, Stripped, Field(max_length=500)]
LongText = Annotated[str, Stripped, Field(max_length=4000)]
Count = Annotated[Annotated[int, Field(ge=0, le=10_000_000)] | None, GermanInt]


class TeamMember(BaseModel):
    name: RequiredShortText
    role: ShortText = ""
    contact: ShortText = ""


class KeyFigures(BaseModel):
    year: Annotated[int, GermanInt, Field(ge=1900, le=2100)]
    visitors: Count = None
    events: Count = None
    members: Count = None
    volunteers: Count = None


class SocialAccount(BaseModel):
    platform: Platform
    account: Account


class WritingPreferences(BaseModel):
    address_form: AddressForm = "sie"
    gender_style: GenderStyle = "stern"
    tone: ShortText = ""


class FactSheetData(BaseModel):
    """Everything the organisation says about itself; stored as one JSON document per version."""

    name: RequiredShortText
    legal_form: ShortText = ""
    address: AddressText = ""
    district: District = ""
    mission: LongText = ""
    target_groups: Annotated[list[ShortText], Field(max_length=50)] = []
    team: Annotated[list[TeamMember], Field(max_length=100)] = []
    key_figures: Annotated[list[KeyFigures], Field(max_length=50)] = []
    funders: Annotated[list[ShortText], Field(max_length=50)] = []
    social_media: Annotated[list[SocialAccount], Field(max_length=30)] = []
    about_us: LongText = ""
    writing: WritingPreferences = Field(default_factory=WritingPreferences)


class FactSheetUpdate(FactSheetData):
    """The edit form: the data plus the version it was based on (stale forms are refused)."""

    base_version: Annotated[int, Field(ge=0)]


class FactSheetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    organisation_id: int
    version: int
    created_at: datetime | None
    data: FactSheetData
