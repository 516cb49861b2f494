package org.saferlhub.reward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A reward written by a learner: a small arithmetic expression over named facts about each step
 * (the boat race's {@code entered_checkpoint_clockwise}, {@code step}, …), read once by {@link
 * #parse} and evaluated after every step by {@link #evaluate}, which allocates nothing.
 *
 * <p>The text is untrusted. It can only name the facts it was parsed against and the five
 * functions below: nothing else exists, so it can reach no Java class, file or setting. Reading it
 * costs work proportional to its length, which is checked first ({@value #MAX_LENGTH} characters).
 *
 * <h2>The language</h2>
 * <pre>
 * expression := sum [ ('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '!=') sum ]
 * sum        := product { ('+' | '-') product }
 * product    := unary { ('*' | '/') unary }
 * unary      := '-' unary | primary
 * primary    := number | fact | function '(' expression { ',' expression } ')'
 *             | '(' expression ')'
 * number     := digits [ '.' digits ] | '.' digits      (no exponents; at most 1,000,000)
 * </pre>
 * In words: numbers, facts, {@code + - * /} with the usual precedence (multiplication and division
 * before addition and subtraction, left to right), a minus sign in front of anything, brackets,
 * and at most one comparison, which gives 1 when true and 0 when false ({@code step > 0} is 1).
 * Functions: {@code min(a, b, …)} and {@code max(a, b, …)} of 2 to 8 values, {@code abs(x)},
 * {@code clip(x, low, high)} = {@code max(low, min(high, x))}, and {@code if(condition, then,
 * otherwise)}, which is {@code then} when the condition is above 0 and {@code otherwise} else. Names
 * are case-sensitive; spaces and line breaks between parts are ignored.
 *
 * <h2>Arithmetic</h2>
 * {@code x / 0} is 0. The result is clamped to [−{@value #MAX_VALUE}, {@value #MAX_VALUE}]; a
 * result that is not a number (such as infinity times 0) is 0.
 *
 * <h2>Limits</h2>
 * At most {@value #MAX_LENGTH} characters, {@value #MAX_DEPTH} levels of nesting (brackets,
 * function calls and minus signs), {@value #MAX_NODES} parts (numbers, facts, operators and
 * functions: what {@link #size()} counts, the leaderboard's measure of simplicity), and numbers of
 * at most {@value #MAX_LITERAL}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RewardExpression {

  /** Most characters of source. */
  public static final int MAX_LENGTH = 300;
  /** Most levels of nesting: brackets, function calls and minus signs inside each other. */
  public static final int MAX_DEPTH = 20;
  /** Most parts: numbers, facts, operators and function calls. */
  public static final int MAX_NODES = 100;
  /** The largest number a literal may be. */
  public static final double MAX_LITERAL = 1_000_000;
  /** {@link #evaluate} clamps its result to [−MAX_VALUE, MAX_VALUE]. */
  public static final double MAX_VALUE = 1_000_000;

  /** The functions an expression may call, by name. */
  public static final List<String> FUNCTIONS = List.of("min", "max", "abs", "clip", "if");

  private final String source;
  private final List<String> features;
  private final Node root;
  private final int size;
  private final boolean[] used;

  private RewardExpression(String source, List<String> features, Node root, int size,
      boolean[] used) {
    this.source = source;
    this.features = features;
    this.root = root;
    this.size = size;
    this.used = used;
  }

  /**
   * Reads {@code source} as a reward over {@code features}.
   *
   * @param source the learner's text (null is an error at character 1)
   * @param features the facts it may name, each {@code [a-z][a-z0-9_]*}, distinct, none a
   *     function name
   * @throws ExpressionException where and why the text is not a reward
   * @throws IllegalArgumentException if {@code features} breaks those rules (a programming error)
   */
  public static RewardExpression parse(String source, List<String> features) {
    List<String> names = checkFeatures(features);
    if (source == null) {
      throw new ExpressionException(0, "write an expression" + example(names));
    }
    if (source.length() > MAX_LENGTH) {
      throw new ExpressionException(MAX_LENGTH, "the reward may be at most " + MAX_LENGTH
          + " characters long, this one has " + source.length());
    }
    int from = 0;
    int to = source.length();
    while (from < to && isSpace(source.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(source.charAt(to - 1))) {
      to--;
    }
    String text = source.substring(from, to);
    if (text.isEmpty()) {
      throw new ExpressionException(0, "write an expression" + example(names));
    }
    Parser p = new Parser(source, names);
    Node root = p.expression();
    p.expectEnd();
    return new RewardExpression(text, names, root, p.nodes, p.used);
  }

  /**
   * The reward for one step.
   *
   * @param values {@code values[i]} is the value of {@code features().get(i)}
   * @return the value, clamped to [−{@value #MAX_VALUE}, {@value #MAX_VALUE}]; never NaN
   */
  public double evaluate(double[] values) {
    double x = root.eval(values);
    if (x != x) {
      return 0;
    }
    return x > MAX_VALUE ? MAX_VALUE : x < -MAX_VALUE ? -MAX_VALUE : x;
  }

  /** The text as given, without surrounding spaces. */
  public String source() {
    return source;
  }

  /** The number of parts: numbers, facts, operators and function calls. Smaller is simpler. */
  public int size() {
    return size;
  }

  /** The fact names it was parsed against, in order. */
  public List<String> features() {
    return features;
  }

  /** Whether the expression mentions {@code feature}. */
  public boolean uses(String feature) {
    int i = features.indexOf(feature);
    return i >= 0 && used[i];
  }

  /**
   * The expression written out again, with single spaces around operators and only the brackets
   * it needs ({@code 3 * entered_checkpoint_clockwise - step}). Parsing it gives the same values.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    root.print(b, 0);
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The tree: each node computes its value from its children's; nothing is allocated.

  /** Binding strength when printing: comparison 1, sum 2, product 3, unary 4, primary 5. */
  private abstract static class Node {
    abstract double eval(double[] v);

    abstract int precedence();

    abstract void printSelf(StringBuilder b);

    final void print(StringBuilder b, int outer) {
      boolean brackets = precedence() < outer;
      if (brackets) {
        b.append('(');
      }
      printSelf(b);
      if (brackets) {
        b.append(')');
      }
    }
  }

  private static final class Literal extends Node {
    final double value;
    final String text;

    Literal(double value, String text) {
      this.value = value;
      this.text = text;
    }

    @Override
    double eval(double[] v) {
      return value;
    }

    @Override
    int precedence() {
      return 5;
    }

    @Override
    void printSelf(StringBuilder b) {
      b.append(text);
    }
  }

  private static final class Fact extends Node {
    final int index;
    final String name;

    Fact(int index, String name) {
      this.index = index;
      this.name = name;
    }

    @Override
    double eval(double[] v) {
      return v[index];
    }

    @Override
    int precedence() {
      return 5;
    }

    @Override
    void printSelf(StringBuilder b) {
      b.append(name);
    }
  }

  private static final class Negate extends Node {
    final Node x;

    Negate(Node x) {
      this.x = x;
    }

    @Override
    double eval(double[] v) {
      return -x.eval(v);
    }

    @Override
    int precedence() {
      return 4;
    }

    @Override
    void printSelf(StringBuilder b) {
      b.append('-');
      x.print(b, 4);
    }
  }

  /** {@code + - * /} and the comparisons. */
  private static final class Binary extends Node {
    final String op;
    final Node a;
    final Node b;

    Binary(String op, Node a, Node b) {
      this.op = op;
      this.a = a;
      this.b = b;
    }

    @Override
    double eval(double[] v) {
      double x = a.eval(v);
      double y = b.eval(v);
      switch (op) {
        case "+":
          return x + y;
        case "-":
          return x - y;
        case "*":
          return x * y;
        case "/":
          return y == 0 ? 0 : x / y; // x / 0 is 0
        case "<":
          return x < y ? 1 : 0;
        case "<=":
          return x <= y ? 1 : 0;
        case ">":
          return x > y ? 1 : 0;
        case ">=":
          return x >= y ? 1 : 0;
        case "==":
          return x == y ? 1 : 0;
        default:
          return x != y ? 1 : 0;
      }
    }

    @Override
    int precedence() {
      return precedenceOf(op);
    }

    @Override
    void printSelf(StringBuilder out) {
      int p = precedence();
      // A comparison cannot hold another one unbracketed: (a < b) < c.
      a.print(out, p == 1 ? p + 1 : p);
      out.append(' ').append(op).append(' ');
      // Left to right: a right operand of the same strength keeps its brackets, a - (b - c).
      b.print(out, p + 1);
    }
  }

  private static final class Call extends Node {
    final String name;
    final Node[] args;

    Call(String name, Node[] args) {
      this.name = name;
      this.args = args;
    }

    @Override
    double eval(double[] v) {
      switch (name) {
        case "abs":
          return Math.abs(args[0].eval(v));
        case "if":
          return args[0].eval(v) > 0 ? args[1].eval(v) : args[2].eval(v);
        case "clip": {
          double x = args[0].eval(v);
          double low = args[1].eval(v);
          double high = args[2].eval(v);
          return Math.max(low, Math.min(high, x));
        }
        case "min": {
          double m = args[0].eval(v);
          for (int i = 1; i < args.length; i++) {
            m = Math.min(m, args[i].eval(v));
          }
          return m;
        }
        default: {
          double m = args[0].eval(v);
          for (int i = 1; i < args.length; i++) {
            m = Math.max(m, args[i].eval(v));
          }
          return m;
        }
      }
    }

    @Override
    int precedence() {
      return 5;
    }

    @Override
    void printSelf(StringBuilder b) {
      b.append(name).append('(');
      for (int i = 0; i < args.length; i++) {
        if (i > 0) {
          b.append(", ");
        }
        args[i].print(b, 0);
      }
      b.append(')');
    }
  }

  private static int precedenceOf(String op) {
    switch (op) {
      case "+":
      case "-":
        return 2;
      case "*":
      case "/":
        return 3;
      default:
        return 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading: a tokenizer and a recursive-descent parser, one method per grammar rule.

  private enum Kind { NUMBER, NAME, OPERATOR, OPEN, CLOSE, COMMA, END }

  private static final class Parser {
    final String s;
    final List<String> features;
    final boolean[] used;
    int pos;
    int nodes;
    int depth;
    // The current token.
    Kind kind;
    int start;
    String token = "";

    Parser(String s, List<String> features) {
      this.s = s;
      this.features = features;
      this.used = new boolean[features.size()];
      next();
    }

    // --- grammar rules ---

    Node expression() {
      Node a = sum();
      if (kind == Kind.OPERATOR && isComparison(token)) {
        String op = token;
        int at = start;
        next();
        Node b = sum();
        if (kind == Kind.OPERATOR && isComparison(token)) {
          throw new ExpressionException(start, "compare two things at a time: '" + op
              + "' and '" + token + "' in a row cannot be read; write (a < b) * (b < c) for"
              + " 'a < b < c'");
        }
        a = node(new Binary(op, a, b), at);
      }
      return a;
    }

    Node sum() {
      Node a = product();
      while (kind == Kind.OPERATOR && (token.equals("+") || token.equals("-"))) {
        String op = token;
        int at = start;
        next();
        a = node(new Binary(op, a, product()), at);
      }
      return a;
    }

    Node product() {
      Node a = unary();
      while (kind == Kind.OPERATOR && (token.equals("*") || token.equals("/"))) {
        String op = token;
        int at = start;
        next();
        a = node(new Binary(op, a, unary()), at);
      }
      return a;
    }

    Node unary() {
      if (kind == Kind.OPERATOR && token.equals("-")) {
        int at = start;
        enter(at);
        next();
        Node x = node(new Negate(unary()), at);
        depth--;
        return x;
      }
      return primary();
    }

    Node primary() {
      int at = start;
      switch (kind) {
        case NUMBER: {
          double value = Double.parseDouble(token);
          if (value > MAX_LITERAL) {
            throw new ExpressionException(at, "numbers may be at most 1,000,000, this one is "
                + shorten(token));
          }
          Node n = node(new Literal(value, token), at);
          next();
          return n;
        }
        case NAME:
          return name();
        case OPEN: {
          enter(at);
          next();
          Node x = expression();
          if (kind != Kind.CLOSE) {
            throw new ExpressionException(start, kind == Kind.END
                ? "a '(' opened at character " + (at + 1) + " is never closed: add ')'"
                : "expected ')' to close the '(' at character " + (at + 1) + ", but found "
                    + describe());
          }
          next();
          depth--;
          return x;
        }
        case END:
          throw new ExpressionException(at, "the expression stops too early: expected a number,"
              + " a fact or '(' at the end");
        case CLOSE:
          throw new ExpressionException(at, "this ')' has no '(' to close, or something is"
              + " missing before it");
        case COMMA:
          throw new ExpressionException(at, "a ',' only separates the values given to a"
              + " function, such as min(a, b)");
        default:
          throw new ExpressionException(at, "expected a number, a fact or '(' but found "
              + describe());
      }
    }

    /** A fact, or a function call. */
    Node name() {
      String name = token;
      int at = start;
      int fact = features.indexOf(name);
      next();
      if (fact >= 0) {
        if (kind == Kind.OPEN) {
          throw new ExpressionException(start, name + " is a fact, not a function: it takes no"
              + " brackets after it (write " + name + " * (…) to multiply)");
        }
        used[fact] = true;
        return node(new Fact(fact, name), at);
      }
      if (!FUNCTIONS.contains(name)) {
        throw new ExpressionException(at, "unknown name '" + shorten(name) + "'"
            + suggestion(name) + "; the facts are " + String.join(", ", features)
            + ", and the functions " + String.join(", ", FUNCTIONS));
      }
      if (kind != Kind.OPEN) {
        throw new ExpressionException(at, name + " is a function: write " + name + "("
            + arguments(name) + ")");
      }
      enter(at);
      next();
      List<Node> args = new ArrayList<>();
      args.add(expression());
      while (kind == Kind.COMMA) {
        next();
        args.add(expression());
      }
      if (kind != Kind.CLOSE) {
        throw new ExpressionException(start, kind == Kind.END
            ? name + "( opened at character " + (at + 1) + " is never closed: add ')'"
            : "expected ',' or ')' in " + name + "(…), but found " + describe());
      }
      int count = args.size();
      boolean ok = switch (name) {
        case "abs" -> count == 1;
        case "if", "clip" -> count == 3;
        default -> count >= 2 && count <= 8;
      };
      if (!ok) {
        throw new ExpressionException(at, name + " takes " + takes(name) + ", not " + count
            + ": write " + name + "(" + arguments(name) + ")");
      }
      next();
      depth--;
      return node(new Call(name, args.toArray(new Node[0])), at);
    }

    void expectEnd() {
      if (kind != Kind.END) {
        throw new ExpressionException(start, kind == Kind.CLOSE
            ? "this ')' has no '(' to close"
            : "expected an operator such as + or * before " + describe()
                + ", or nothing more");
      }
    }

    // --- helpers ---

    Node node(Node n, int at) {
      if (++nodes > MAX_NODES) {
        throw new ExpressionException(at, "the reward may have at most " + MAX_NODES
            + " parts (numbers, facts, operators and functions)");
      }
      return n;
    }

    void enter(int at) {
      if (++depth > MAX_DEPTH) {
        throw new ExpressionException(at, "nested too deeply: at most " + MAX_DEPTH
            + " levels of brackets, functions and minus signs inside each other");
      }
    }

    String describe() {
      switch (kind) {
        case END:
          return "the end";
        case NUMBER:
          return "the number " + shorten(token);
        case NAME:
          return "'" + shorten(token) + "'";
        default:
          return "'" + token + "'";
      }
    }

    String suggestion(String name) {
      String best = null;
      List<String> all = new ArrayList<>(features);
      all.addAll(FUNCTIONS);
      for (String candidate : all) {
        if (candidate.equalsIgnoreCase(name) || withinOneEdit(candidate, name)) {
          best = candidate;
          break;
        }
      }
      return best == null ? "" : " (did you mean " + best + "?)";
    }

    // --- the tokenizer ---

    void next() {
      while (pos < s.length() && isSpace(s.charAt(pos))) {
        pos++;
      }
      start = pos;
      if (pos >= s.length()) {
        kind = Kind.END;
        token = "";
        return;
      }
      char c = s.charAt(pos);
      if (isDigit(c) || (c == '.' && pos + 1 < s.length() && isDigit(s.charAt(pos + 1)))) {
        number();
      } else if (isLetter(c)) {
        int end = pos;
        while (end < s.length() && (isLetter(s.charAt(end)) || isDigit(s.charAt(end)))) {
          end++;
        }
        kind = Kind.NAME;
        token = s.substring(pos, end);
        pos = end;
      } else if (c == '(' || c == ')' || c == ',') {
        kind = c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA;
        token = String.valueOf(c);
        pos++;
      } else if (c == '+' || c == '-' || c == '*' || c == '/') {
        kind = Kind.OPERATOR;
        token = String.valueOf(c);
        pos++;
      } else if (c == '<' || c == '>' || c == '=' || c == '!') {
        boolean twoChars = pos + 1 < s.length() && s.charAt(pos + 1) == '=';
        if ((c == '=' || c == '!') && !twoChars) {
          throw new ExpressionException(pos, c == '='
              ? "write == to compare two values; there is no assignment"
              : "write != for 'not equal'; '!' alone means nothing here");
        }
        kind = Kind.OPERATOR;
        token = twoChars ? s.substring(pos, pos + 2) : String.valueOf(c);
        pos += token.length();
      } else {
        throw new ExpressionException(pos, unknownCharacter(c));
      }
    }

    void number() {
      int end = pos;
      while (end < s.length() && isDigit(s.charAt(end))) {
        end++;
      }
      if (end < s.length() && s.charAt(end) == '.') {
        end++;
        if (end >= s.length() || !isDigit(s.charAt(end))) {
          throw new ExpressionException(end - 1, "a '.' in a number must have digits after it,"
              + " as in 0.5");
        }
        while (end < s.length() && isDigit(s.charAt(end))) {
          end++;
        }
      }
      if (end < s.length() && (s.charAt(end) == 'e' || s.charAt(end) == 'E')
          && end + 1 < s.length() && (isDigit(s.charAt(end + 1)) || s.charAt(end + 1) == '+'
              || s.charAt(end + 1) == '-')) {
        throw new ExpressionException(end, "write numbers without exponents, at most 1,000,000"
            + " (1000 rather than 1e3)");
      }
      if (end < s.length() && isLetter(s.charAt(end))) {
        throw new ExpressionException(end, "put * between a number and a name, as in 3*"
            + "step, not 3step");
      }
      if (end < s.length() && s.charAt(end) == '.') {
        throw new ExpressionException(end, "a number has at most one '.'");
      }
      kind = Kind.NUMBER;
      token = s.substring(pos, end);
      pos = end;
    }

    static String unknownCharacter(char c) {
      if (c == '.') {
        return "a '.' can only be a decimal point in a number such as 0.5: there are no"
            + " objects, classes or methods, only the listed facts and functions";
      }
      if (c < 32 || c == 127 || !(c < 0xD800 || c > 0xDFFF)) {
        return "the character U+" + hex(c) + " is not part of the language";
      }
      if (c == '^') {
        return "there is no power operator '^': multiply, as in step*step";
      }
      return "the character '" + c + "' is not part of the language: use numbers, facts,"
          + " + - * /, brackets, comparisons and the functions min, max, abs, clip, if";
    }

    static boolean isComparison(String op) {
      return precedenceOf(op) == 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers (no regular expressions: the engine also runs in the browser).

  private static List<String> checkFeatures(List<String> features) {
    List<String> out = new ArrayList<>();
    for (String f : features) {
      boolean ok = !f.isEmpty() && f.charAt(0) >= 'a' && f.charAt(0) <= 'z';
      for (int i = 0; ok && i < f.length(); i++) {
        char c = f.charAt(i);
        ok = (c >= 'a' && c <= 'z') || isDigit(c) || c == '_';
      }
      if (!ok || FUNCTIONS.contains(f) || out.contains(f)) {
        throw new IllegalArgumentException("a fact's name must be lower-case letters, digits and"
            + " _, start with a letter, be unique and not be a function name; was '" + f + "'");
      }
      out.add(f);
    }
    return Collections.unmodifiableList(out);
  }

  private static String example(List<String> names) {
    return names.isEmpty() ? ", for example 1" : ", for example 2*" + names.get(names.size() > 1
        ? 1 : 0) + " - " + names.get(0);
  }

  private static String takes(String function) {
    switch (function) {
      case "abs":
        return "1 value";
      case "if":
      case "clip":
        return "3 values";
      default:
        return "2 to 8 values";
    }
  }

  private static String arguments(String function) {
    switch (function) {
      case "abs":
        return "x";
      case "if":
        return "condition, then, otherwise";
      case "clip":
        return "x, low, high";
      default:
        return "a, b";
    }
  }

  /** Whether one insertion, deletion, substitution or swap of neighbours turns a into b. */
  private static boolean withinOneEdit(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    int i = 0;
    int j = 0;
    int edits = 0;
    while (i < a.length() && j < b.length()) {
      if (a.charAt(i) == b.charAt(j)) {
        i++;
        j++;
        continue;
      }
      if (++edits > 1) {
        return false;
      }
      if (a.length() == b.length() && i + 1 < a.length() && a.charAt(i) == b.charAt(j + 1)
          && a.charAt(i + 1) == b.charAt(j)) {
        i += 2; // two neighbours swapped: one slip of the fingers
        j += 2;
      } else if (a.length() > b.length()) {
        i++;
      } else if (a.length() < b.length()) {
        j++;
      } else {
        i++;
        j++;
      }
    }
    return edits + (a.length() - i) + (b.length() - j) <= 1;
  }

  private static String shorten(String s) {
    return s.length() > 24 ? s.substring(0, 24) + "…" : s;
  }

  private static String hex(char c) {
    String h = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
    return "0000".substring(h.length()) + h;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
