using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using HvDsl.Runtime.Machines;

namespace HvDsl.Cli.Running;

/// <summary>
/// Loads a user's board for <c>--machine ASSEMBLY[:TYPE]</c>: a public class implementing <see cref="IMachine"/> with a
/// public constructor taking <see cref="MachineOptions"/>, as every generated machine has. The assembly shares this
/// process's HvDsl assemblies, so its machine is the runtime's <see cref="IMachine"/>; its other references load from its folder.
/// </summary>
internal static class MachineAssembly
{
    /// <summary>The machine <paramref name="argument"/> names, or null and one line saying why it cannot be used.</summary>
    public static GuestMachine? Load(string argument, out string error)
    {
        var (path, typeName) = Split(argument);
        if (!File.Exists(path)) return Fail($"--machine: no such assembly {path}", out error);
        Assembly assembly;
        try
        {
            assembly = LoadFrom(Path.GetFullPath(path));
        }
        catch (Exception exception) when (exception is BadImageFormatException or IOException or FileLoadException)
        {
            return Fail($"--machine: {path} is not a .NET assembly hvdsl can load: {exception.Message}", out error);
        }
        var types = ExportedTypes(assembly);
        if (typeName is not null)
        {
            var named = types.Where(t => t.FullName == typeName || t.Name == typeName).ToArray();
            if (named.Length == 0) return Fail($"--machine: {path} has no public type {typeName}", out error);
            if (named.Length > 1) return Fail($"--machine: {path} has several types called {typeName}: {string.Join(", ", named.Select(t => t.FullName))}; give the full name", out error);
            return IsMachine(named[0]) ? Create(named[0], out error) : Fail($"--machine: {named[0].FullName} is not a machine: it must implement {typeof(IMachine).FullName} and have a public constructor taking {nameof(MachineOptions)}", out error);
        }
        var machines = types.Where(IsMachine).ToArray();
        if (machines.Length == 0) return Fail($"--machine: {path} holds no machine (a public class implementing {typeof(IMachine).FullName} with a public constructor taking {nameof(MachineOptions)})", out error);
        if (machines.Length > 1) return Fail($"--machine: {path} holds several machines ({string.Join(", ", machines.Select(t => t.FullName))}); pick one with {path}:TYPE", out error);
        return Create(machines[0], out error);
    }

    // The last ':' starts the type, unless it is a Windows drive's (C:\...) or part of the path.
    private static (string Path, string? Type) Split(string argument)
    {
        var colon = argument.LastIndexOf(':');
        if (colon <= 1 || argument.IndexOfAny(['/', '\\'], colon) >= 0) return (argument, null);
        return (argument[..colon], argument[(colon + 1)..]);
    }

    /// <summary>The folders of boards loaded so far, each searched once for what hvdsl itself does not have.</summary>
    private static readonly System.Collections.Generic.HashSet<string> BoardFolders = [];

    private static Assembly LoadFrom(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        // Assemblies hvdsl itself has resolve first, so the board's HvDsl.Runtime is this process's; the rest come from beside the board.
        lock (BoardFolders)
        {
            if (BoardFolders.Add(folder))
            {
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                {
                    var candidate = Path.Combine(folder, name.Name + ".dll");
                    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
                };
            }
        }
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    private static Type[] ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return [.. exception.Types.OfType<Type>().Where(t => t.IsPublic)];
        }
    }

    private static bool IsMachine(Type type) =>
        type is { IsClass: true, IsAbstract: false } && typeof(IMachine).IsAssignableFrom(type) && type.GetConstructor([typeof(MachineOptions)]) is not null;

    private static GuestMachine Create(Type type, out string error)
    {
        error = "";
        var constructor = type.GetConstructor([typeof(MachineOptions)])!;
        // Generated machines carry the spec's RAM as a constant; a hand-written one without it gets 64 MiB.
        var memory = type.GetField("DefaultMemoryBytes", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ulong? ?? DefaultMemoryBytes;
        return new GuestMachine(type, memory, options => (IMachine)Invoke(constructor, options));
    }

    /// <summary>RAM for a machine that does not say (the reference PC's default).</summary>
    private const ulong DefaultMemoryBytes = 64UL << 20;

    // A board's constructor that throws is its error, not a reflection wrapper's.
    private static object Invoke(ConstructorInfo constructor, MachineOptions options)
    {
        try
        {
            return constructor.Invoke([options]);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    private static GuestMachine? Fail(string message, out string error)
    {
        error = message;
        return null;
    }
}
