package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UserSplitTest {

    private static final List<String> USERS = IntStream.range(0, 10_000).mapToObj(i -> "user-" + i).toList();

    @Test
    void putsAboutTheTestShareOfUsersInTheTestSet() {
        UserSplit.Parts parts = new UserSplit(1, 0.3).split(USERS);

        assertThat(parts.test().size() / 10_000.0).isBetween(0.28, 0.32);
        assertThat(parts.train().size() + parts.test().size()).isEqualTo(10_000);
        assertThat(parts.train()).doesNotContainAnyElementsOf(parts.test());
    }

    @Test
    void assignmentDependsOnTheSeedAndIdOnlyNotOnOtherUsersOrOrder() {
        UserSplit split = new UserSplit(5, 0.25);
        List<String> reversed = new ArrayList<>(USERS);
        Collections.reverse(reversed);

        assertThat(split.split(reversed).test()).containsExactlyInAnyOrderElementsOf(split.split(USERS).test());
        assertThat(split.split(USERS.subList(0, 100)).test())
                .isEqualTo(split.split(USERS).test().stream().filter(USERS.subList(0, 100)::contains).toList());
        assertThat(new UserSplit(6, 0.25).split(USERS).test()).isNotEqualTo(split.split(USERS).test());
    }

    @Test
    void rejectsAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> new UserSplit(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserSplit(1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
