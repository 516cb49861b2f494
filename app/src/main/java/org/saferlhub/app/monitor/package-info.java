/**
 * Chain-of-thought monitoring for the web API and the page's engine alike: the JSON API
 * ({@link org.saferlhub.app.monitor.CotApi}) that trains the toy of
 * {@link org.saferlhub.monitor.CotMonitoring} with and without the monitor in the reward.
 */
@NullMarked
package org.saferlhub.app.monitor;

import org.jspecify.annotations.NullMarked;
