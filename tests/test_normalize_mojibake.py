"""GBK byte-misalignment runs: repaired when the bytes allow, marked lost when they do not."""

import pytest

from extract.normalize import normalize_text
from extract.normalize.mojibake import LOST_HALF_NOTE, find_repairs


@pytest.mark.parametrize(
    "raw, normalized, kinds",
    [
        # run realigned by a pair whose second byte was an ASCII letter (no loss)
        ("企業負責人告訴記者?!霸擁椖靠偼顿Y12億元。”", "企业负责人告诉记者。“该项目总投资12亿元。”", ["mojibake"]),
        # realigned by a trail byte read alone (區 = 85 5E → ^), annotation after it
        ("大會強調?!痹搮^(qū)投資促進中心主任李明說。", "大会强调。”该区投资促进中心主任李明说。", ["mojibake"]),
        ("大會強調?!痹搮^投資促進中心主任李明說。", "大会强调。”该区投资促进中心主任李明说。", ["mojibake"]),
        # the swallowed byte was the "(" of an annotation: the rest of it (gāi) names 該
        ("大會(huì)強調?!痹?gāi)區(qū)投資(zī)促進中心主任李明說。", "大会强调。”该区投资促进中心主任李明说。", ["mojibake", "mojibake_guess"]),
        ("企業(yè)負責人告訴(sù)記(jì)者?!霸?gāi)項目總投資(zī)12億(yì)元。”", "企业负责人告诉记者。“该项目总投资12亿元。”", ["mojibake", "mojibake_guess"]),
    ],
)
def test_runs_repaired_completely(raw, normalized, kinds):
    result = normalize_text(raw)
    assert result.text == normalized
    assert result.unrecoverable == []
    assert [r.kind for r in result.repairs if r.kind.startswith("mojibake")] == kinds


@pytest.mark.parametrize(
    "raw, normalized, contexts, guesses",
    [
        # 未 + a character whose lead byte 0x81 survives: only 来 makes a word → guessed
        ("工作落實到位?!拔磥?年,我們計劃再建設5個產業園區。”", "工作落实到位。“未来?年，我们计划再建设5个产业园区。”", ["未来?年"], ["来"]),
        # the lost quotation mark closes a quotation still open → ”
        ("“要緊盯年度目標?!?月12日,濱江區召開大會。", "“要紧盯年度目标。”?月12日，滨江区召开大会。", ["?月12日"], ["”"]),
        # no open quotation: `?!?` alone is too weak to call a run → read as genuine signs
        ("要緊盯年度目標?!?月12日,濱江區召開大會。", "要紧盯年度目标？！？月12日，滨江区召开大会。", [], []),
        # the annotation remnant reads zǒng, but more than one character with that lead does
        ("企業負責(zé)人告訴(sù)記者?!霸擁椖靠?zǒng)投資12億元。”", "企业负责人告诉记者。“该项目?投资12亿元。”", ["该项目?投资12亿元"], []),
    ],
)
def test_losses_marked_and_guesses_only_without_doubt(raw, normalized, contexts, guesses):
    result = normalize_text(raw)
    assert result.text == normalized
    assert [u.context for u in result.unrecoverable] == contexts
    for lost in result.unrecoverable:
        assert set(result.text[slice(*lost.normalized_span)]) == {"?"}
        assert lost.note
    guessed = [r for r in result.repairs if r.kind == "mojibake_guess"]
    assert [g.after for g in guessed] == guesses
    assert all(g.confidence <= 0.6 for g in guessed)


@pytest.mark.parametrize(
    "raw, normalized, contexts",
    [
        # 經 = BD 9B: 9B and the "(" of (jīng) were swallowed; the next run starts 2 characters
        # after the remnant, so the text after this run is read only up to that `?`
        (
            "“目前,一期工程已完成主體結構施工,預計年底竣工?!表椖拷?jīng)理說?!叭ツ昶髽I營業收入突破3億元?!蓖踅ㄈA說。",
            "“目前，一期工程已完成主体结构施工，预计年底竣工。”项目?理说。“去年企业营业收入突破3亿元。”王建华说。",
            ["项目?理说"],
        ),
        # the text after the remnant is annotated (瞭(liǎo)): aligned, though full of Latin letters
        (
            "“企業(yè)融資(zī)難(nán)的問(wèn)題(tí)正在緩(huǎn)解?!庇?jì)者瞭(liǎo)解到?!百J(dài)款餘(yú)額同比增長(zhǎng)15%。”",
            "“企业融资难的问题正在缓解。”?者了解到。“贷款余额同比增长15%。”",
            ["?者了解到"],
        ),
        # only 。” comes back whole; the remnant fù fits the half-lost character's first byte,
        # which is what makes the run certain
        (
            "“今年將新開工項(xiàng)目20個(gè)?!必?fù)責(zé)人說?!皥@(yuán)區(qū)將(jiāng)新增就業崗(gǎng)位3000個(gè)。”",
            "“今年将新开工项目20个。”?责人说。“园区将新增就业岗位3000个。”",
            ["?责人说"],
        ),
        (
            "“新廠房已經投產,預計年底達產?!笨?zǒng)工程師(shī)說?!跋乱徊揭獢U(kuò)大產(chǎn)能?!蓖踅ㄈA(huá)說。",
            "“新厂房已经投产，预计年底达产。”?工程师说。“下一步要扩大产能。”王建华说。",
            ["?工程师说"],
        ),
    ],
    ids=["next-run-close-behind", "annotated-tail", "only-punctuation-whole", "only-punctuation-whole-2"],
)
def test_runs_that_swallow_an_annotation_leave_none_of_it(raw, normalized, contexts):
    # A `?` + pinyin + `)` after a run is the rest of an annotation whose "(" was swallowed:
    # the run ends there (never earlier, stranding the remnant as garbage + `īng）`), and the
    # half-lost character, not determined by its first byte and reading, is marked lost.
    result = normalize_text(raw)
    assert result.text == normalized
    assert [u.context for u in result.unrecoverable] == contexts
    assert [u.note for u in result.unrecoverable] == [LOST_HALF_NOTE]


@pytest.mark.parametrize(
    "raw",
    [
        "如何將比較優勢轉化為發展勝勢?推動科技成果加速轉化",
        "1066秒!有“人造太陽”之稱的實驗裝置",
        "真的嗎?!我們都不敢相信。",
        "這是為什麼?",
        "誰能想到??",
        "Is it true?!",
        "?",
        "??",
        "?!?",
        "真的嗎?!?",
        "真的嗎?!?我們都不敢相信。",
        "價格是多少?3月12日公布。",
        "問題是?(wèn)",
    ],
)
def test_genuine_question_and_exclamation_marks_are_not_runs(raw):
    assert find_repairs(raw) == []


def test_run_repair_is_recorded_with_spans():
    raw = "大會強調?!痹搮^投資促進中心"
    result = normalize_text(raw)
    (repair,) = [r for r in result.repairs if r.kind == "mojibake"]
    assert repair.before == "?!痹搮^" == raw[slice(*repair.original_span)]
    assert repair.after == "。”该区" == result.text[slice(*repair.normalized_span)]
    # each rebuilt character maps to the raw characters its bytes came from
    assert result.offsets[4:8] == [(4, 6), (5, 7), (6, 8), (7, 9)]
