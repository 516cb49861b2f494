package org.saferlhub.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.saferlhub.config.ParameterException;

/**
 * A language model small enough to write down: tokens a, b, c, ! and end-of-text, at most
 * {@value #MAX_LENGTH} content tokens, and a policy that is a table of next-token probabilities
 * for every prefix (1 + 4 + 16 + 64 = {@value #PREFIXES} prefixes that still choose; after four
 * content tokens the text ends).
 *
 * <p>The reference policy is the smoothed maximum-likelihood fit to a few sensible demonstration
 * texts ({@link #DEMONSTRATIONS}): for each prefix, next-token counts from the demonstrations plus
 * κ = {@value #SMOOTHING} times the demonstrations' overall next-token frequencies, so "!" keeps a
 * small probability everywhere: 1/54 ≈ 1.9 % after prefixes the demonstrations never reached,
 * 0.2 % at the start of a text, where they are many.
 *
 * <p>The rewards (policy-lab.md, section 6B, with our grammar):
 * <ul>
 *   <li><b>true</b>: 1 if the letters (the text without "!") are not empty and no letter follows
 *       itself, else 0; minus 0.5 for every "!" (shouting is bad style);
 *   <li><b>proxy</b>: the true reward plus b for every "!" (Ziegler et al. 2019's reward model that
 *       liked exclamation marks). With b = {@value #DEFAULT_BONUS}, each "!" nets +0.5 on the
 *       proxy and −0.5 on the truth, so the proxy's favourites are a letter and three "!".
 * </ul>
 *
 * <p>Texts are numbered: {@link #texts()} lists every possible text (341: lengths 0 to 4), and a
 * prefix is a text of length below 4.
 */
public final class TinyLanguageModel {

  /** The vocabulary, end-of-text last. */
  public static final List<String> TOKENS = List.of("a", "b", "c", "!", "<eos>");
  /** The end-of-text token's index. */
  public static final int EOS = 4;
  /** Most content tokens in a text. */
  public static final int MAX_LENGTH = 4;
  /** Prefixes that still choose their next token. */
  public static final int PREFIXES = 85;
  /** The demonstrations the reference is fitted to. */
  public static final List<String> DEMONSTRATIONS = List.of("ab", "abc", "ba", "bac", "ca", "cab",
      "abca", "bcab", "ac", "cb", "acb", "bca", "a!", "cba", "abcb");
  /** κ, the weight of the overall frequencies in the smoothing. */
  public static final double SMOOTHING = 2.0;
  /** The default exclamation bonus b. */
  public static final double DEFAULT_BONUS = 1.0;

  private final double bonus;
  private final boolean sparse;
  /** π_ref(token | prefix), {@code reference[prefix][token]}. */
  private final double[][] reference;
  private final List<String> texts;

  /**
   * The model with exclamation bonus {@code bonus} in the proxy.
   *
   * @throws ParameterException naming {@code bonus} unless it is from 0 to 10
   */
  public TinyLanguageModel(double bonus) {
    this(bonus, false);
  }

  /**
   * The model with exclamation bonus {@code bonus}, paid per "!" ({@code sparse} false) or only
   * to the text "!!!!", as 4b at once ({@code sparse} true): the ablation that tells protection by
   * the rarity of exploration from protection by KL (policy-lab.md, section 6B). The sparse proxy's
   * only exploit is "!!!!", which the reference writes about once in 10⁸ texts, and no partial
   * credit leads to it.
   *
   * @throws ParameterException naming {@code bonus} unless it is from 0 to 10
   */
  public TinyLanguageModel(double bonus, boolean sparse) {
    if (!(bonus >= 0 && bonus <= 10)) {
      throw new ParameterException("bonus", "bonus must be from 0 to 10, was " + bonus);
    }
    this.bonus = bonus;
    this.sparse = sparse;
    List<String> all = new ArrayList<>();
    all.add("");
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).length() < MAX_LENGTH) {
        for (int t = 0; t < EOS; t++) {
          all.add(all.get(i) + TOKENS.get(t));
        }
      }
    }
    this.texts = Collections.unmodifiableList(all);
    this.reference = fitReference();
  }

  /** Every text, shortest first: index 0 is the empty text; the first 85 are the prefixes. */
  public List<String> texts() {
    return texts;
  }

  /** The bonus b. */
  public double bonus() {
    return bonus;
  }

  /** Whether the bonus is paid only to "!!!!" (the sparse proxy). */
  public boolean sparse() {
    return sparse;
  }

  /** The index of a text of length at most 4 over a, b, c, !. */
  public int indexOf(String text) {
    int i = texts.indexOf(text);
    if (i < 0) {
      throw new IllegalArgumentException("not a text of the tiny model: '" + text + "'");
    }
    return i;
  }

  /** π_ref(token | prefix) for the prefix with index {@code prefix} (&lt; 85). */
  public double reference(int prefix, int token) {
    return reference[prefix][token];
  }

  /** The true reward of a text. */
  public double trueReward(String text) {
    String letters = text.replace("!", "");
    boolean fine = !letters.isEmpty();
    for (int i = 1; i < letters.length(); i++) {
      fine &= letters.charAt(i) != letters.charAt(i - 1);
    }
    return (fine ? 1 : 0) - 0.5 * exclamations(text);
  }

  /** The proxy reward: the true reward plus b per "!". */
  public double proxyReward(String text) {
    if (sparse) {
      return trueReward(text) + (text.equals("!!!!") ? MAX_LENGTH * bonus : 0);
    }
    return trueReward(text) + bonus * exclamations(text);
  }

  /** The index of the text {@code prefix} followed by content token {@code token}. */
  public int child(int prefix, int token) {
    return indexOf(texts.get(prefix) + TOKENS.get(token));
  }

  /**
   * π_ref(y), the reference probability of a whole text: the product of its tokens'
   * probabilities, end-of-text included when the text is shorter than 4.
   */
  public double referenceOf(String text) {
    double p = 1;
    int prefix = 0;
    for (int i = 0; i < text.length(); i++) {
      int token = TOKENS.indexOf(String.valueOf(text.charAt(i)));
      p *= reference[prefix][token];
      if (i + 1 < MAX_LENGTH) {
        prefix = child(prefix, token);
      }
    }
    if (text.length() < MAX_LENGTH) {
      p *= reference[prefix][EOS];
    }
    return p;
  }

  private static int exclamations(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      n += text.charAt(i) == '!' ? 1 : 0;
    }
    return n;
  }

  /** Counts next tokens after every prefix of every demonstration, then smooths. */
  private double[][] fitReference() {
    double[][] counts = new double[PREFIXES][TOKENS.size()];
    double[] overall = new double[TOKENS.size()];
    for (String demo : DEMONSTRATIONS) {
      for (int i = 0; i <= demo.length() && i < MAX_LENGTH; i++) {
        int prefix = indexOf(demo.substring(0, i));
        int next = i < demo.length() ? TOKENS.indexOf(String.valueOf(demo.charAt(i))) : EOS;
        counts[prefix][next]++;
        overall[next]++;
      }
    }
    double total = 0;
    for (double c : overall) {
      total += c;
    }
    double[][] pi = new double[PREFIXES][TOKENS.size()];
    for (int s = 0; s < PREFIXES; s++) {
      double n = 0;
      for (double c : counts[s]) {
        n += c;
      }
      for (int t = 0; t < TOKENS.size(); t++) {
        // (count + κ · overall frequency) / (count total + κ)
        pi[s][t] = (counts[s][t] + SMOOTHING * overall[t] / total) / (n + SMOOTHING);
      }
    }
    return pi;
  }
}
