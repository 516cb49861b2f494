/** Gymnasium's Blackjack-v1 with its three rule sets, and its exact dynamic-programming solution. */
@NullMarked
package org.saferlhub.env.blackjack;

import org.jspecify.annotations.NullMarked;
