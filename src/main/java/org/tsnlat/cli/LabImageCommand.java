package org.tsnlat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tsnlat.lab.GuestImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "image", mixinStandardHelpOptions = true,
        description = {"Make the VM lab's guest once, from Debian packages: the kernel of linux-image-amd64 (or "
                + "linux-image-rt-amd64), fetched with 'apt-get download' as its -unsigned package and unpacked, never "
                + "installed, and an initramfs of busybox-static, the virtio and 9p modules and tsnlat's /init. The "
                + "guest runs this machine's JDK and tsnlat from its root, shared read-only.",
                "Kept in --cache and reused; 'lab up --topology vm' makes it when it is missing. Needs apt-get's "
                        + "package lists (apt-get update), busybox-static, kmod and cpio."},
        usageHelpAutoWidth = true)
final class LabImageCommand implements Callable<Integer> {

    @Option(names = "--kernel", paramLabel = "generic|rt", defaultValue = "generic",
            description = "Debian's generic kernel or its PREEMPT_RT build (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where guest images are kept (default: "
            + "/var/cache/tsnlat/guest).")
    Path cache;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        GuestImage.Flavour flavour = GuestImage.Flavour.parse(kernel);
        Path dir = cache != null ? cache : GuestImage.DEFAULT_CACHE;
        GuestImage.Image image = GuestImage.prepare(dir, flavour, line -> lab.root.err.println("tsnlat lab image: " + line));
        long kib;
        try {
            kib = Files.size(image.initramfs()) / 1024;
        } catch (java.io.IOException e) {
            kib = -1;
        }
        lab.root.out.println("guest image " + image.directory() + ": kernel " + image.kernelRelease() + " (" + image.kernelPackage()
                + "), initramfs " + kib + " KiB with " + String.join(" ", image.modules()));
        return ExitCodes.OK;
    }
}
