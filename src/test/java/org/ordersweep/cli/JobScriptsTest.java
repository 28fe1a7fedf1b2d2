package org.ordersweep.cli;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job scripts and scheduler examples in jobs/ parse, and name the class and commands that exist. */
class JobScriptsTest {

    private static int exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return p.exitValue();
    }

    @Test
    void shellScriptsParse() throws Exception {
        for (String s : List.of("ordersweep", "ordersweep-submit", "ordersweep-scheduled", "test")) {
            exec("bash", "-n", "jobs/" + s);
        }
    }

    @Test
    void airflowDagIsValidPython() throws Exception {
        exec("python3", "-c", "import ast,sys; ast.parse(open('jobs/airflow_ordersweep_dag.py').read())");
        String dag = Files.readString(Path.of("jobs/airflow_ordersweep_dag.py"));
        assertTrue(dag.contains("jobs/ordersweep-submit") && dag.contains("conf/fashion-mnist.conf"));
        assertTrue(Files.exists(Path.of("conf/fashion-mnist.conf")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesExampleIsValidYamlForTheRealMainClass() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(Path.of("jobs/k8s-scheduled-sparkapplication.yaml")));
        assertEquals("ScheduledSparkApplication", doc.get("kind"));
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) doc.get("spec")).get("template");
        assertEquals(Main.class.getName(), template.get("mainClass"));
        assertEquals("run", ((List<String>) template.get("arguments")).get(0));
        assertEquals("org.nd4j.kryo.Nd4jRegistrator",
                ((Map<String, Object>) template.get("sparkConf")).get("spark.kryo.registrator"));
    }
}
