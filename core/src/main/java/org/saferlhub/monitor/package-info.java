/**
 * Chain-of-thought monitoring in miniature (issue 16, part B): an agent that writes two thought
 * tokens before it acts, a monitor that reads only the thoughts, and REINFORCE with and without
 * the monitor's flag in the reward ({@link org.saferlhub.monitor.CotMonitoring}), after Baker et
 * al. 2025, "Monitoring reasoning models for misbehavior and the risks of promoting obfuscation"
 * (arXiv:2503.11926).
 */
@NullMarked
package org.saferlhub.monitor;

import org.jspecify.annotations.NullMarked;
