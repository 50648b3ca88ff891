package io.chanflow.operators.validate;

import io.chanflow.state.plan.Verdict;

import java.util.List;
import java.util.Objects;

/** A valid answer of the LLM (see {@link AnswerParser}): verdict APPROVE, DOWNGRADE or VETO. */
public record LlmAnswer(Verdict verdict, double confidence, String summary, List<String> reasons) {
    public LlmAnswer {
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == Verdict.UNVALIDATED) {
            throw new IllegalArgumentException("an answer cannot be UNVALIDATED");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        Objects.requireNonNull(summary, "summary");
        reasons = List.copyOf(reasons);
    }
}
