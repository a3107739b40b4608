using System;
using System.Reflection;
using HvDsl.Runtime.Machines;

namespace HvDsl.Runtime.Snapshots;

/// <summary>The board a run snapshot was made on: its type's full name and its assembly's version, as the snapshot file's header records them.</summary>
/// <param name="Name">The machine type's full name, e.g. <c>HvDsl.Machines.Pc.PcMachine</c>.</param>
/// <param name="Version">Its assembly's informational version without build metadata, e.g. <c>0.1.0</c>.</param>
public sealed record SnapshotMachine(string Name, string Version)
{
    /// <summary>The machine <paramref name="machineType"/> (an <see cref="IMachine"/>) is.</summary>
    public static SnapshotMachine Of(Type machineType)
    {
        ArgumentNullException.ThrowIfNull(machineType);
        var assembly = machineType.Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0";
        // The commit hash after '+' changes with every build; the machine does not.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return new SnapshotMachine(machineType.FullName ?? machineType.Name, plus >= 0 ? version[..plus] : version);
    }

    /// <summary>The machine <paramref name="machine"/> is.</summary>
    public static SnapshotMachine Of(IMachine machine) => Of((machine ?? throw new ArgumentNullException(nameof(machine))).GetType());

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version}";
}
