/**
 * patkit for Spring Boot: auto-configuration of the token service, Spring Security, Micrometer and Actuator.
 * Spring reads its configuration classes reflectively, so the package is open; only it is exported. Its API names
 * Spring types, so the Spring modules are required transitively (static where the part is optional).
 */
open module dev.patkit.spring.boot {
    requires transitive dev.patkit.core;
    requires transitive dev.patkit.jdbc;
    requires java.sql;
    requires org.slf4j;
    requires transitive spring.beans;
    requires transitive spring.core;
    requires transitive spring.context;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires static transitive spring.security.core;
    requires static transitive spring.security.config;
    requires static transitive spring.security.web;
    requires static transitive spring.security.oauth2.core;
    requires static transitive spring.security.oauth2.resource.server;
    requires static transitive spring.web;
    requires static transitive spring.webmvc;
    requires static transitive jakarta.servlet;
    requires static transitive micrometer.core;
    requires static transitive spring.boot.health;
    requires static transitive spring.boot.security;
    requires static com.fasterxml.jackson.annotation;

    exports dev.patkit.spring.boot;
}
