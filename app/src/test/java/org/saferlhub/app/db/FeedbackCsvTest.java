package org.saferlhub.app.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 4180 output with spreadsheet formulas neutralised. */
class FeedbackCsvTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "plain text|plain text",
      "``|``",
      "a,b|`\"a,b\"`",
      "say \"hi\"|`\"say \"\"hi\"\"\"`",
      "=1+1|'=1+1",
      "+1|'+1",
      "-1|'-1",
      "@cmd|'@cmd",
      "a=1|a=1",
      "` =1`|` =1`",
      "=A1,B1|`\"'=A1,B1\"`",
  })
  void cells(String value, String expected) {
    assertThat(FeedbackCsv.cell(value)).isEqualTo(expected);
  }

  @Test
  void lineBreaksTabsAndCarriageReturnsAreQuotedAndNeutralised() {
    assertThat(FeedbackCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(FeedbackCsv.cell("cr\rinside")).isEqualTo("\"cr\rinside\"");
    assertThat(FeedbackCsv.cell("\tTab")).isEqualTo("'\tTab");
    assertThat(FeedbackCsv.cell("\rCR")).isEqualTo("\"'\rCR\"");
    assertThat(FeedbackCsv.cell("🧪 東京 naïve")).isEqualTo("🧪 東京 naïve");
  }

  @Test
  void aHeaderRowThenOneRowPerAnswerWithCrlf() {
    FeedbackStore.Feedback f = new FeedbackStore.Feedback(7,
        Instant.parse("2026-11-20T10:15:30.123456Z"), "technical", "clear", "", "a,b", "=x",
        "multi\nline");
    StringWriter out = new StringWriter();
    FeedbackCsv.write(List.of(f), out);
    assertThat(out.toString()).isEqualTo(
        "id,createdAt,background,clear,unclear,topics,features,comments\r\n"
            + "7,2026-11-20T10:15:30.123456Z,technical,clear,,\"a,b\",'=x,\"multi\nline\"\r\n");
    assertThat(FeedbackCsv.of(List.of())).isEqualTo(
        "id,createdAt,background,clear,unclear,topics,features,comments\r\n");
  }
}
