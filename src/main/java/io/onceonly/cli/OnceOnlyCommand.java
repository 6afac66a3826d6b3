package io.onceonly.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.HubSettings;
import io.onceonly.demo.Demo;
import io.onceonly.hub.CatalogLoader;
import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.ops.RedactedException;
import io.onceonly.registry.Registrations;
import io.onceonly.registry.ResourceLoader;
import io.onceonly.registry.RouteTemplates;
import io.onceonly.schema.SchemaCatalog;
import io.onceonly.schema.Sensitivity;
import io.onceonly.schema.SharedSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code onceonly} command. */
@Command(name = "onceonly", mixinStandardHelpOptions = true, version = "OnceOnly 0.1.0",
        description = "Data-sharing hub: capture each fact once, deliver it to every system that needs it.",
        subcommands = {OnceOnlyCommand.Run.class, OnceOnlyCommand.DemoCommand.class, OnceOnlyCommand.Validate.class,
                OnceOnlyCommand.Schemas.class, ApplyCommand.class, GetCommand.class, StatusCommand.class,
                RejectsCommand.class, LifecycleCommands.Delete.class, LifecycleCommands.Pause.class,
                LifecycleCommands.Resume.class, LifecycleCommands.Restart.class, TokenCommand.class},
        footer = {"", "apply, get, status, rejects, delete, pause, resume and restart talk to a running hub: --server URL "
                + "or ONCEONLY_SERVER (default " + ClientOptions.DEFAULT_SERVER + "), with the operator's or a "
                + "department's token in ONCEONLY_TOKEN (never an argument, which shell history and ps would show)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the hub refused or failed a request (its problems are printed)",
                "2:bad usage, or a configuration or input file with problems", "3:the hub cannot be reached"})
public final class OnceOnlyCommand implements Runnable {
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ShellEnvironment environment;

    public OnceOnlyCommand() {
        this(ShellEnvironment.system());
    }

    OnceOnlyCommand(ShellEnvironment environment) {
        this.environment = environment;
    }

    ShellEnvironment environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(ShellEnvironment.system());
    }

    /**
     * The command line with its error handling: a problem is a message and an exit code (1 refused by the hub, 2
     * configuration, 3 hub unreachable), not a trace.
     */
    static CommandLine commandLine(ShellEnvironment environment) {
        CommandLine cli = new CommandLine(new OnceOnlyCommand(environment));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // The message and where to read more; the whole usage would push the message off the screen.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            cmd.getErr().flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code;
            if (e instanceof ConfigurationException) {
                code = USAGE;
            } else if (e instanceof RequestRefusedException) {
                code = REFUSED;
            } else if (e instanceof HubUnreachableException) {
                code = UNREACHABLE;
            } else {
                throw e;
            }
            cmd.getErr().println(e.getMessage());
            cmd.getErr().flush();
            return code;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every subcommand that reads the configuration shares. */
    static final class ConfigOptions {
        @Option(names = "--config", description = "Properties file overriding the defaults (also ONCEONLY_CONFIG).")
        Path config;

        HubSettings settings() {
            Optional<Path> file = Optional.ofNullable(config)
                    .or(() -> Optional.ofNullable(System.getenv("ONCEONLY_CONFIG")).map(Path::of));
            return HubSettings.load(file, System.getenv(), System.getProperties());
        }
    }

    /** run and demo: start on the configuration, then keep running until the process is stopped (Ctrl-C). */
    abstract static class UntilStopped implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        /** Starts what runs, with the configuration read; closing it stops it. */
        abstract AutoCloseable start(HubSettings settings) throws Exception;

        @Override
        public final Integer call() throws Exception {
            awaitShutdown(start(options.settings()));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the hub with the registrations in connectors/ until stopped (Ctrl-C).")
    static final class Run extends UntilStopped {
        @Override
        AutoCloseable start(HubSettings settings) throws Exception {
            OnceOnlyHub hub = OnceOnlyHub.start(settings, Map.of());
            System.out.println("OnceOnly is running: Kafka at " + hub.bootstrapServers() + ", "
                    + hub.registrations().sources().size() + " source(s), "
                    + hub.registrations().subscriptions().size() + " subscription(s). Ctrl-C stops it.");
            return hub;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the whole hub on embedded defaults with demo departments.")
    static final class DemoCommand extends UntilStopped {
        @Option(names = "--fresh", description = "Forget the previous demo run's data and start over.")
        boolean fresh;

        @Override
        AutoCloseable start(HubSettings settings) throws Exception {
            return Demo.start(settings, fresh);
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check schemas/, routes/ and connectors/ offline; exit code 0 when all is well.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() {
            HubSettings settings = options.settings();
            SchemaCatalog catalog = CatalogLoader.load(settings);
            RouteTemplates templates = RouteTemplates.load(settings.routesDir());
            Registrations regs = ResourceLoader.load(settings.connectorsDir(), catalog, templates);
            System.out.println("OK: " + catalog.all().size() + " schema version(s), " + templates.ids().size()
                    + " route template(s), " + regs.sources().size() + " source(s), "
                    + regs.subscriptions().size() + " subscription(s).");
            return 0;
        }
    }

    @Command(name = "schemas", mixinStandardHelpOptions = true, description = "Work with the shared schemas in schemas/.",
            subcommands = SchemasCheck.class)
    static final class Schemas implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Check every schema file, its examples' shape rules and its compatibility "
            + "with earlier revisions, offline; a refused change lists the subscriptions it would break. "
            + "Exit code 0 when all is well, 2 otherwise.")
    static final class SchemasCheck implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() {
            SchemaCatalog catalog = CatalogLoader.load(options.settings());
            for (SharedSchema s : catalog.all()) {
                long personal = s.fields().values().stream().filter(f -> f.sensitivity() == Sensitivity.PERSONAL).count();
                long sensitive = s.fields().values().stream().filter(f -> f.sensitivity() == Sensitivity.SENSITIVE).count();
                System.out.printf("%-30s r%-3d key %-22s owner %-22s %2d fields (%d personal, %d sensitive)  %s%n",
                        s.id(), s.revision(), s.keyFields(), s.owner(), s.fields().size(), personal, sensitive,
                        s.compatibility());
            }
            System.out.println("OK: " + catalog.all().size() + " schema version(s).");
            return 0;
        }
    }

    /** Blocks until Ctrl-C or SIGTERM, then closes the hub so the broker's non-daemon threads end. */
    static void awaitShutdown(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping OnceOnly...");
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("Stopping failed: " + RedactedException.describe(e));
            }
            stopped.countDown();
        }, "onceonly-shutdown"));
        stopped.await();
    }
}
