/**
 * Lesson 8's "look inside" tools on the web: networks trained on cheese-in-the-corner (kept, a
 * few at a time, so that one training serves many questions), with checkpoints along the way,
 * and {@code POST /api/inspect}, answered alike by the server and by the engine in the page.
 */
@NullMarked
package org.saferlhub.app.inspect;

import org.jspecify.annotations.NullMarked;
