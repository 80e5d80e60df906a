package dev.patkit.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/** A FilterConfig as a container would build it from web.xml. */
record TestFilterConfig(Map<String, String> params, ServletContext context) implements FilterConfig {

    @Override
    public String getFilterName() {
        return "test";
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String name) {
        return params.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
