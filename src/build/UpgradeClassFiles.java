import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A build step (pom.xml, phase process-classes): rewrites the class files under DIR/PACKAGE that are
 * older than Java 6 (class-file version 49, as picocli ships) as version 52, their code re-emitted
 * with stack maps. The JVM's start-up cache (AOT, JEP 483) leaves "old" classes out ("Skipping
 * ...: Old class has been linked"), so picocli's 200-odd classes were read, verified and linked at
 * every start, some 100 ms of the way to a measurement's first probe. The code is unchanged.
 *
 * <p>Usage: {@code java src/build/UpgradeClassFiles.java DIR PACKAGE}
 */
public final class UpgradeClassFiles {
    private static final int OLD_BELOW = 50;
    private static final int TO = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java UpgradeClassFiles.java DIR PACKAGE");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        // stack maps need the common super class of two types: read from DIR, else from the JDK
        ClassHierarchyResolver fromDir = ClassHierarchyResolver.ofResourceParsing(desc -> open(root, desc.descriptorString()));
        ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver().orElse(fromDir).cached()));
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve(args[1]))) {
            files = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        int upgraded = 0;
        for (Path p : files) {
            ClassModel m = cf.parse(Files.readAllBytes(p));
            if (m.majorVersion() >= OLD_BELOW) continue;
            byte[] out = cf.transformClass(m, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                    .andThen(ClassTransform.endHandler(b -> b.withVersion(TO, 0))));
            Files.write(p, out);
            upgraded++;
        }
        System.out.println("UpgradeClassFiles: " + upgraded + " of " + files.size() + " class files under "
                + root.resolve(args[1]) + " rewritten as version " + TO);
    }

    private static InputStream open(Path root, String descriptor) {
        Path p = root.resolve(descriptor.substring(1, descriptor.length() - 1) + ".class");
        try {
            return Files.exists(p) ? Files.newInputStream(p) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
