/** Blackjack results as JSON-ready maps, and replays of single hands for the lesson. */
@NullMarked
package org.saferlhub.app.blackjack;

import org.jspecify.annotations.NullMarked;
