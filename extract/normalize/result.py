"""The normalization result: normalized text, offset map back to the original, repairs."""

from __future__ import annotations

from typing import Any, NamedTuple, Optional, Sequence, Union

from ..records import Repair, Unrecoverable
from .offsets import OffsetMap, Span


class RepairRow(NamedTuple):
    """A repair in compact form; the field order makes plain tuple sorting follow the text."""

    n_start: int
    n_end: int
    o_start: int
    o_end: int
    kind: str
    before: str
    after: str
    confidence: float

    def to_model(self) -> Repair:
        return Repair(
            kind=self.kind,
            original_span=(self.o_start, self.o_end),
            normalized_span=(self.n_start, self.n_end),
            before=self.before,
            after=self.after,
            confidence=self.confidence,
        )


class NormalizedText:
    """Normalized text with its offset map, repairs and unrecoverable spans.

    Repairs are kept as compact rows and turned into `Repair` models on first access of
    `repairs`: a long Traditional article has a repair every few characters, and callers
    that need only the text and the map should not pay for validating them.
    """

    def __init__(
        self,
        original: str,
        text: str,
        offsets: Union[OffsetMap, Sequence[Span]],
        repairs: Optional[Sequence[Repair]] = None,
        unrecoverable: Optional[list[Unrecoverable]] = None,
        script: str = "unknown",
        encoding: Optional[str] = None,
        repair_rows: Optional[list[RepairRow]] = None,
    ):
        self.original = original
        self.text = text
        # Per normalized character: [start, end) in `original`, kept as arrays (`offset_map`);
        # the list of pairs (`offsets`) is made on first access.
        self.offset_map = offsets if isinstance(offsets, OffsetMap) else OffsetMap.from_spans(offsets)
        self._offsets: Optional[list[Span]] = None if isinstance(offsets, OffsetMap) else list(offsets)
        self.unrecoverable = list(unrecoverable or [])
        self.script = script
        self.encoding = encoding
        self._repair_rows = list(repair_rows or [])  # RepairRow or plain tuples in its field order
        self._repairs: Optional[list[Repair]] = list(repairs) if repairs is not None else None

    @property
    def offsets(self) -> list[Span]:
        if self._offsets is None:
            self._offsets = self.offset_map.to_list()
        return self._offsets

    @property
    def repairs(self) -> list[Repair]:
        if self._repairs is None:
            # Validated here, once: the pipeline's record round trip leaves repairs out
            # (see Pipeline._validated), so this is where pydantic checks them.
            self._repairs = [RepairRow._make(row).to_model() for row in self._repair_rows]
        return self._repairs

    @property
    def repair_count(self) -> int:
        return len(self._repairs) if self._repairs is not None else len(self._repair_rows)

    def to_original_span(self, start: int, end: int) -> Span:
        """The [start, end) range of `original` that normalized[start:end] came from."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside the normalized text of length {len(self.text)}")
        return self.offset_map.original_span(start, end, len(self.original))

    def unrecoverable_spans(self) -> list[Span]:
        """Normalized spans extractors must skip (for `doc._.unrecoverable`)."""
        return [u.normalized_span for u in self.unrecoverable]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dump (for `extract normalize --json`)."""
        return {
            "encoding": self.encoding,
            "script": self.script,
            "original": self.original,
            "text": self.text,
            "offsets": [list(span) for span in self.offsets],
            "repairs": [r.model_dump(mode="json") for r in self.repairs],
            "unrecoverable": [u.model_dump(mode="json") for u in self.unrecoverable],
        }

    def __repr__(self) -> str:
        return (
            f"NormalizedText(script={self.script!r}, encoding={self.encoding!r}, chars={len(self.text)}, "
            f"repairs={self.repair_count}, unrecoverable={len(self.unrecoverable)})"
        )
