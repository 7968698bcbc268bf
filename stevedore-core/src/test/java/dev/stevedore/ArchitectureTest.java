package dev.stevedore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.stevedore", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreHasNoDriverWebOrCli = noClasses().that().resideInAPackage("dev.stevedore..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.postgresql..", "org.sqlite..", "com.zaxxer..", "io.javalin..", "picocli..",
                    "org.eclipse.jetty..", "dev.stevedore.postgres..", "dev.stevedore.sqlite..", "dev.stevedore.cli..")
            .because("core must run with any store and no web server or CLI (DESIGN.md)");

    @ArchTest
    static final ArchRule theRuntimeNeverWritesSql = noClasses().that().resideInAPackage("dev.stevedore")
            .should().dependOnClassesThat().resideInAPackage("dev.stevedore.spi.jdbc..")
            .because("the runtime talks to the Store SPI only; SQL helpers are for store authors");
}
