package io.chanflow.operators.validate;

import io.chanflow.state.plan.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerParserTest {

    @Test
    void shouldAcceptAnAnswerThatMatchesTheSchema() {
        AnswerParser.Result r = AnswerParser.parse(Fixtures.answer("DOWNGRADE", 0.4));
        assertThat(r.valid()).isTrue();
        assertThat(r.answer().verdict()).isEqualTo(Verdict.DOWNGRADE);
        assertThat(r.answer().confidence()).isEqualTo(0.4);
        assertThat(r.answer().reasons()).hasSize(2);
    }

    @Test
    void shouldTurnEveryBrokenAnswerIntoAFallbackNotAnException() {
        String[] bad = {
            null, "", "   ", "not json", "[1,2]", "\"APPROVE\"",
            "{\"verdict\": \"APPROVE\", \"confidence\": 0.8, \"summary\": \"The trend is",
            "{\"verdict\": \"STRONG_BUY\", \"confidence\": \"very high\", \"reasons\": 42}",
            "{\"verdict\":\"UNVALIDATED\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":1.5,\"summary\":\"s\",\"reasons\":[\"r\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":\"0.5\",\"summary\":\"s\",\"reasons\":[\"r\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\" \",\"reasons\":[\"r\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[1]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"],\"extra\":1}",
            "{\"verdict\":\"APPROVE\",\"verdict\":\"VETO\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"]}",
            "{\"verdict\":\"APPROVE\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"]} {}",
            "{\"verdict\":\"approve\",\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"]}",
            "{\"confidence\":0.5,\"summary\":\"s\",\"reasons\":[\"r\"]}",
        };
        for (String b : bad) {
            AnswerParser.Result r = AnswerParser.parse(b);
            assertThat(r.valid()).as(b).isFalse();
            assertThat(r.problem()).as(b).isNotBlank();
        }
    }

    @Test
    void shouldBuildTheOllamaFormatFromTheSchemaFile() {
        PromptTemplates t = PromptTemplates.load("v1", null);
        assertThat(AnswerSchemas.fromJson("answer_v1", t.answerSchema()).toString())
                .contains("verdict").contains("APPROVE").contains("reasons");
    }
}
