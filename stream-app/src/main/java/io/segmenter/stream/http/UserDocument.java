package io.segmenter.stream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.features.FeatureValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The JSON document of one user:
 * <pre>{@code {"userId": "...", "asOf": "2017-11-25T09:00:00Z", "owner": "host:port",
 *  "features": [{"name": "events_1m", "value": 2.0, "unit": "count", "window": "1m", "description": "..."}, ...],
 *  ...one field per UserAttribute}}</pre>
 * Features in definition order; {@code window} is null for point-in-time and lifetime features.
 */
final class UserDocument {

    private static final Set<String> RESERVED = Set.of("userId", "asOf", "owner", "features");

    private final ObjectMapper mapper;
    private final String owner;
    private final List<UserAttribute> attributes;

    UserDocument(ObjectMapper mapper, HostInfo owner, List<UserAttribute> attributes) {
        this.mapper = mapper;
        this.owner = owner.host() + ":" + owner.port();
        this.attributes = List.copyOf(attributes);
        Set<String> seen = new HashSet<>();
        for (UserAttribute attribute : this.attributes) {
            if (RESERVED.contains(attribute.name()) || !seen.add(attribute.name())) {
                throw new IllegalArgumentException("user attribute name '" + attribute.name() + "' is reserved or repeated");
            }
        }
    }

    ObjectNode render(UserSnapshot user, UserAttribute.LocalStores stores) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("userId", user.userId());
        doc.put("asOf", user.features().asOf().toString());
        doc.put("owner", owner);
        ArrayNode features = doc.putArray("features");
        for (FeatureValue f : user.features().describe().values()) {
            features.addObject()
                    .put("name", f.name())
                    .put("value", f.value())
                    .put("unit", f.unit())
                    .put("window", f.window())
                    .put("description", f.description());
        }
        for (UserAttribute attribute : attributes) {
            attribute.read(user, stores).ifPresent(value -> doc.set(attribute.name(), mapper.valueToTree(value)));
        }
        return doc;
    }
}
