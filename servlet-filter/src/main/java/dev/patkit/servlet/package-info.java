/** RFC 6750 bearer-token authentication for Jakarta Servlet applications. */
package dev.patkit.servlet;
