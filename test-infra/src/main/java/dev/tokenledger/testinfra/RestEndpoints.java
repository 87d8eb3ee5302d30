package dev.tokenledger.testinfra;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource method in the code sources (class directories or jars) of some classes, with
 * the roles it admits: what {@link IsolationMatrix} calls. Found by reflection, so nobody lists them.
 */
final class RestEndpoints {

    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private RestEndpoints() {
    }

    /** Every JAX-RS resource method in the code sources of the given classes. */
    static List<IsolationMatrix.Endpoint> in(Class<?>... codeSourcesOf) {
        Set<String> classNames = new TreeSet<>();
        ClassLoader loader = codeSourcesOf[0].getClassLoader();
        for (Class<?> c : codeSourcesOf) {
            classNames.addAll(classesIn(c));
        }
        List<IsolationMatrix.Endpoint> found = new ArrayList<>();
        for (String name : classNames) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            String classPath = annotationValue(type, "jakarta.ws.rs.Path");
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                String methodPath = annotationValue(method, "jakarta.ws.rs.Path");
                found.add(new IsolationMatrix.Endpoint(http, join(classPath, methodPath), roles(type, method)));
            }
        }
        found.sort(Comparator.comparing(IsolationMatrix.Endpoint::template).thenComparing(IsolationMatrix.Endpoint::method));
        return found;
    }

    private static Set<String> classesIn(Class<?> c) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                            .forEach(f -> names.add(location.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "")));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(java.util.zip.ZipEntry::getName)
                            .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.startsWith("META-INF"))
                            .forEach(n -> names.add(n.replace('/', '.').replaceAll("\\.class$", "")));
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the classes next to " + c.getName(), e);
        }
        return names;
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            String simple = a.annotationType().getSimpleName();
            if (a.annotationType().getPackageName().equals("jakarta.ws.rs") && HTTP_METHODS.contains(simple)) {
                return simple;
            }
        }
        return null;
    }

    private static Set<String> roles(Class<?> type, Method method) {
        Set<String> onMethod = rolesOn(method.getAnnotations());
        return onMethod != null ? onMethod : (rolesOn(type.getAnnotations()) != null ? rolesOn(type.getAnnotations()) : Set.of());
    }

    private static Set<String> rolesOn(Annotation[] annotations) {
        for (Annotation a : annotations) {
            String name = a.annotationType().getName();
            if (name.equals("jakarta.annotation.security.RolesAllowed")) {
                try {
                    return new LinkedHashSet<>(Arrays.asList((String[]) a.annotationType().getMethod("value").invoke(a)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (name.equals("io.quarkus.security.Authenticated")) {
                return Set.of("*");
            }
            if (name.equals("jakarta.annotation.security.PermitAll")) {
                return Set.of();
            }
        }
        return null;
    }

    private static String annotationValue(java.lang.reflect.AnnotatedElement element, String annotation) {
        for (Annotation a : element.getAnnotations()) {
            if (a.annotationType().getName().equals(annotation)) {
                try {
                    return (String) a.annotationType().getMethod("value").invoke(a);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        String a = classPath.startsWith("/") ? classPath : "/" + classPath;
        if (methodPath == null || methodPath.isEmpty() || methodPath.equals("/")) {
            return a;
        }
        return (a.endsWith("/") ? a.substring(0, a.length() - 1) : a) + (methodPath.startsWith("/") ? methodPath : "/" + methodPath);
    }
}
