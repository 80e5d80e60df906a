package dev.patkit.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The application's own API: who am I, an admin ping, and switching a user off and on. */
@RestController
class ApiController {

    private final UserDetailsManager users;

    ApiController(UserDetailsManager users) {
        this.users = users;
    }

    @GetMapping("/api/me")
    Map<String, Object> me(Authentication authentication,
            @AuthenticationPrincipal(errorOnInvalidType = false) OAuth2AuthenticatedPrincipal token) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", authentication.getName());
        me.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .sorted().toList());
        me.put("tokenName", token == null ? null : token.getAttribute("token_name"));
        return me;
    }

    @GetMapping("/api/admin/ping")
    Map<String, String> ping() {
        return Map.of("ping", "pong");
    }

    @PostMapping(path = "/api/admin/users/{user}/disable", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> disable(@PathVariable("user") String user) {
        return setEnabled(user, false);
    }

    @PostMapping(path = "/api/admin/users/{user}/enable", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> enable(@PathVariable("user") String user) {
        return setEnabled(user, true);
    }

    private ResponseEntity<Map<String, Object>> setEnabled(String user, boolean enabled) {
        UserDetails current;
        try {
            current = users.loadUserByUsername(user);
        } catch (UsernameNotFoundException e) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such user"));
        }
        users.updateUser(User.withUserDetails(current).disabled(!enabled).build());
        return ResponseEntity.ok(Map.of("user", user, "enabled", enabled));
    }
}
