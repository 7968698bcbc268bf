package dev.stevedore.spring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.BoundPropertiesTrackingBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails startup on a {@code stevedore.*} key that binds to nothing, naming the nearest known key: a
 * misspelt {@code stevedore.queus.mail.concurrency} would otherwise be ignored in silence and the
 * queue run with defaults.
 *
 * <p>It binds the properties once more, recording every key that bound, and compares them with the
 * keys present under {@code stevedore.} in the application's property sources. Environment variables
 * are left out: {@code STEVEDORE_*} variables also carry the core's own overrides (such as
 * {@code STEVEDORE_QUEUE_<NAME>_CONCURRENCY}), which are not properties.
 */
final class UnknownPropertyCheck {
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(StevedoreProperties.PREFIX);

    private UnknownPropertyCheck() {}

    /**
     * Checks the environment's keys; the result is the proof, a bean that the store and the node take
     * so that the check comes first.
     *
     * @throws UnknownStevedorePropertyException naming each unknown key, where it was set and the nearest known key
     */
    static UnknownPropertyCheck run(ConfigurableEnvironment environment) {
        Set<ConfigurationPropertyName> bound = new HashSet<>();
        Binder.get(environment).bind(ROOT, Bindable.of(StevedoreProperties.class),
                new BoundPropertiesTrackingBindHandler(property -> bound.add(property.getName())));
        List<String> unknown = new ArrayList<>();
        PropertyKeys known = PropertyKeys.of(StevedoreProperties.PREFIX, StevedoreProperties.class);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
                continue;
            }
            iterable.filter(ROOT::isAncestorOf).stream().filter(name -> !bound.contains(name)).forEach(name -> {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                String origin = property == null || property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")";
                String nearest = known.nearest(name);
                unknown.add(name + origin + (nearest == null ? "" : ": did you mean " + nearest + "?"));
            });
        }
        if (!unknown.isEmpty()) {
            throw new UnknownStevedorePropertyException(unknown);
        }
        return new UnknownPropertyCheck();
    }
}
