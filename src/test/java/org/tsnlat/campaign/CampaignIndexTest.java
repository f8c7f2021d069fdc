package org.tsnlat.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tsnlat.rundir.RunDirectoryException;

/** index.json read back: as written, and each kind of damage refused as a damaged index (exit 4), never an internal error. */
class CampaignIndexTest {
    @TempDir Path dir;
    private static final String PLAN = "{\"name\":\"x\",\"sha256\":\"ab\",\"path\":\"/p.yaml\"}";

    @Test
    void anIndexReadsBackAsWritten() {
        CampaignIndex i = CampaignIndex.fresh(new CampaignIndex.Plan("demo", "ab".repeat(32), "/plan.yaml"));
        i.put(new CampaignIndex.Run("plain/a-to-b/rep-1", "plain", "a-to-b", 1, CampaignIndex.DONE, "t0", "t1",
                new CampaignIndex.End("b", "r1", 0, "runs/x"), new CampaignIndex.End("a", "s1", 0, "runs/y"), 3000L, null));
        i.write(dir);
        CampaignIndex back = CampaignIndex.read(dir);
        assertThat(back.plan()).isEqualTo(i.plan());
        assertThat(back.runs()).isEqualTo(i.runs());
    }

    @Test
    void damageOfAnyKindIsADamagedIndex() throws Exception {
        // the whole index, and each field a resume reads (a NullPointerException, exit 1, before)
        for (String text : new String[] {"", "{\"format\":\"tsnlat-campaign-index\",\"ver", "null",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":{\"name\":\"x\"}}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":{\"name\":\"x\",\"sha256\":\"ab\"},\"runs\":[]}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":" + PLAN + ",\"runs\":[null]}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":" + PLAN + ",\"runs\":[{}]}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":" + PLAN + ",\"runs\":[{\"id\":\"x\"}]}",
                "{\"format\":\"tsnlat-campaign-index\",\"version\":1,\"plan\":" + PLAN
                        + ",\"runs\":[{\"id\":\"x\",\"state\":\"finished\"}]}"}) {
            Files.writeString(dir.resolve("index.json"), text);
            assertThatThrownBy(() -> CampaignIndex.read(dir)).as(text).isInstanceOf(RunDirectoryException.class)
                    .hasMessageContaining("index.json: damaged campaign index");
        }
        assertThat(dir.resolve("index.json")).exists(); // left for the user to look at
    }
}
