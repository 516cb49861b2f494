package org.saferlhub.app.goal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.saferlhub.agent.neural.PolicyNet;
import org.saferlhub.config.ParameterException;
import org.saferlhub.env.procgen.View;
import org.saferlhub.nn.Mlp;

/**
 * The file a trained network is saved to ({@code saferlhub train … --out FILE}) and read from
 * ({@code saferlhub inspect --model FILE}), documented in docs/policy-file.md: JSON with
 * {@code format} {@value #FORMAT}, what it was trained on ({@code env}, {@code params},
 * {@code agent}, {@code steps}, {@code seed}, {@code command}), the observation's {@code shape}
 * and {@code actions}, and the network: {@code activation}, {@code sizes} (input first; the last
 * layer holds the action logits, then V(s)) and per weight layer {@code weights} (one row per
 * input unit, {@code weights[i][o]}, input-major as {@link Mlp} stores them) and {@code bias}.
 * Numbers are written with every digit, so a network read back is the same network, bit for bit.
 */
public final class PolicyFile {

  /** The format id. */
  public static final String FORMAT = "saferlhub-policy-net/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * A network read from a file, with what it was trained on.
   *
   * @param policy the network
   * @param env the level family
   * @param view the view it was trained with
   * @param meta every other field of the file
   */
  public record Loaded(PolicyNet policy, String env, View view, JsonNode meta) {}

  private PolicyFile() {}

  /** The file's content for a trained network. */
  public static Map<String, Object> content(GoalTraining.Outcome o) {
    PolicyNet policy = o.policy();
    if (policy == null) {
      throw new ParameterException("out", "--out saves a network; the tabular arm has none");
    }
    GoalTraining.Settings s = o.settings();
    Mlp net = policy.net();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("env", s.env());
    m.put("params", Map.of("p", s.p(), "view", s.view().id()));
    m.put("agent", s.agent());
    m.put("steps", s.steps());
    m.put("seed", s.seed());
    m.put("command", s.command().replace(" --json", ""));
    m.put("shape", s.make(org.saferlhub.env.procgen.LevelEnv.Split.TRAIN).observationSpace()
        .shape());
    m.put("actions", s.env().equals("coin-at-end") ? List.of() : List.of("up", "right", "down",
        "left"));
    m.put("activation", net.activation().name().toLowerCase(java.util.Locale.ROOT));
    m.put("sizes", net.sizes());
    List<Map<String, Object>> layers = new ArrayList<>();
    double[][] params = net.parameters();
    for (int l = 0; l < net.layers(); l++) {
      int in = net.units(l);
      int out = net.units(l + 1);
      double[][] rows = new double[in][out];
      for (int i = 0; i < in; i++) {
        System.arraycopy(params[2 * l], i * out, rows[i], 0, out);
      }
      layers.add(Map.of("weights", rows, "bias", params[2 * l + 1]));
    }
    m.put("layers", layers);
    return m;
  }

  /** Writes the file. */
  public static void write(Path file, GoalTraining.Outcome o) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(content(o)) + "\n");
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws ParameterException on field {@code model} when the file is not such a network
   */
  public static Loaded read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JacksonException bad) {
      throw new ParameterException("model", file + " is not JSON");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new ParameterException("model", file + " is not a " + FORMAT + " file");
    }
    try {
      JsonNode sizesNode = root.get("sizes");
      int[] sizes = new int[sizesNode.size()];
      for (int l = 0; l < sizes.length; l++) {
        sizes[l] = sizesNode.get(l).intValue();
      }
      Mlp net = new Mlp(sizes, Mlp.Activation.valueOf(root.get("activation").asText()
          .toUpperCase(java.util.Locale.ROOT)), 0);
      double[][] params = net.parameters();
      JsonNode layers = root.get("layers");
      for (int l = 0; l < net.layers(); l++) {
        int out = sizes[l + 1];
        JsonNode weights = layers.get(l).get("weights");
        JsonNode bias = layers.get(l).get("bias");
        if (weights.size() != sizes[l] || bias.size() != out) {
          throw new ParameterException("model", "layer " + l + " does not match sizes");
        }
        for (int i = 0; i < sizes[l]; i++) {
          JsonNode row = weights.get(i);
          if (row.size() != out) {
            throw new ParameterException("model", "layer " + l + " row " + i
                + " does not match sizes");
          }
          for (int o = 0; o < out; o++) {
            params[2 * l][i * out + o] = row.get(o).doubleValue();
          }
        }
        for (int o = 0; o < out; o++) {
          params[2 * l + 1][o] = bias.get(o).doubleValue();
        }
      }
      View view = View.of(root.path("params").path("view").asText("egocentric"));
      return new Loaded(new PolicyNet(net), root.get("env").asText(), view, root);
    } catch (NullPointerException | IllegalArgumentException bad) {
      if (bad instanceof ParameterException p) {
        throw p;
      }
      throw new ParameterException("model", file + " is missing or has malformed fields");
    }
  }
}
