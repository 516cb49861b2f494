/** The web server: lesson pages, static assets and the JSON + SSE API. */
@NullMarked
package org.saferlhub.app.web;

import org.jspecify.annotations.NullMarked;
