using System.Reflection;
using System.Runtime.Loader;
using AttachKit.Protocol;

namespace AttachKit.Agent.Commands;

/// <summary><c>assemblies</c>: every loaded assembly with its version, where it came from and its load context.</summary>
internal sealed class AssembliesCommand : IAttachCommand
{
    public string Name => BuiltInCommands.Assemblies;

    public string Summary => "loaded assemblies: version, location (or in-memory / single-file / dynamic) and load context";

    public ReplyStatus Execute(CommandContext context)
    {
        context.ExpectNoArguments(Name);
        var table = new ReportTable(
            new TableColumn("name", "name"),
            new TableColumn("version", "version"),
            new TableColumn("loadContext", "load context"),
            new TableColumn("location", "location"));
        var bundled = IsSingleFileApp();
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => (Assembly: assembly, Name: assembly.GetName()))
            .OrderBy(entry => entry.Name.Name, StringComparer.Ordinal)
            .ThenBy(entry => entry.Name.Version);
        foreach (var (assembly, name) in assemblies)
        {
            table.AddRow(name.Name, name.Version?.ToString(), LoadContextName(assembly), Location(assembly, bundled));
        }

        var contexts = AssemblyLoadContext.All.Count();
        new FieldReport()
            .Add("count", "Assemblies", table.Count)
            .Add("loadContextCount", "Load contexts", contexts)
            .Add("assemblies", "Loaded", table)
            .WriteTo(context);
        return ReplyStatus.Ok;
    }

    private static string LoadContextName(Assembly assembly)
    {
        var context = AssemblyLoadContext.GetLoadContext(assembly);
        return context is null ? "-" : (context.Name ?? context.GetType().Name) + (context.IsCollectible ? " (collectible)" : "");
    }

    // Assembly.Location is empty for an assembly loaded from bytes or read from a single-file
    // bundle; the bundle's assemblies load into the default context, Assembly.Load(byte[]) into a new one.
    private static string Location(Assembly assembly, bool bundled) => assembly switch
    {
        { IsDynamic: true } => "dynamic",
        { Location.Length: > 0 } => assembly.Location,
        _ when bundled && AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.Default => "single-file",
        _ => "in-memory",
    };

    // The single-file host hands the runtime a BUNDLE_PROBE property; no other host does.
    private static bool IsSingleFileApp() => AppContext.GetData("BUNDLE_PROBE") is not null;
}
