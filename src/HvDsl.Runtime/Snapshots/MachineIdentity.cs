using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// What makes two VMs the same machine for a snapshot: vCPU count, clock kind, memory layout, and every device's bus,
/// address, size and type. Kept as readable lines so a refusal can say what differs.
/// </summary>
internal sealed class MachineIdentity
{
    private MachineIdentity(List<string> lines) => Lines = lines;

    /// <summary>One line per fact, in a fixed order.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The identity of <paramref name="vm"/> as built.</summary>
    public static MachineIdentity Of(Vm vm)
    {
        var lines = new List<string> { $"cpus {vm.Cpus.Count}", $"clock {ClockKind(vm.Clock)}" };
        foreach (var region in vm.Memory.Regions)
            lines.Add($"memory {region.Kind} 0x{region.Start:X} size 0x{region.Size:X}");
        foreach (var (name, device) in Devices(vm))
            lines.Add($"device {name} size 0x{device.Size:X} {device.GetType().FullName}");
        return new MachineIdentity(lines);
    }

    /// <summary>Every device with the name its state section goes by: bus and start address.</summary>
    public static IEnumerable<(string Name, IIoDevice Device)> Devices(Vm vm)
    {
        foreach (var (start, device) in vm.PortIo.Placements)
            yield return ($"io:0x{start:X}", device);
        foreach (var (start, device) in vm.Mmio.Placements)
            yield return ($"mmio:0x{start:X}", device);
    }

    /// <summary>The sum of the RAM and ROM region sizes the memory lines name; a line that does not parse adds nothing.</summary>
    public ulong BackedBytes()
    {
        var total = 0UL;
        foreach (var line in Lines)
        {
            var parts = line.Split(' ');
            if (parts is not ["memory", "Ram" or "Rom", _, "size", var size] || !size.StartsWith("0x", StringComparison.Ordinal)
                || !ulong.TryParse(size.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bytes))
                continue;
            total = bytes > ulong.MaxValue - total ? ulong.MaxValue : total + bytes;
        }
        return total;
    }

    /// <summary>The vCPU count the first line names, or 0 when it names none.</summary>
    public int Cpus() =>
        Lines is [var first, ..] && first.Split(' ') is ["cpus", var count]
            && int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) ? cpus : 0;

    public void Write(BinaryWriter writer)
    {
        writer.Write(Lines.Count);
        foreach (var line in Lines) writer.Write(line);
    }

    public static MachineIdentity Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count is < 0 or > 65536) throw new SnapshotException($"identity lists {count} facts");
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++) lines.Add(reader.ReadString());
        return new MachineIdentity(lines);
    }

    /// <summary>Null if the identities match, else the first difference in words.</summary>
    public string? Difference(MachineIdentity target)
    {
        for (var i = 0; i < Lines.Count || i < target.Lines.Count; i++)
        {
            var saved = i < Lines.Count ? Lines[i] : "(nothing)";
            var here = i < target.Lines.Count ? target.Lines[i] : "(nothing)";
            if (saved != here) return $"the snapshot has '{Printable.Escape(saved)}' where this VM has '{here}'";
        }
        return null;
    }

    private static string ClockKind(IClock clock) => clock is VirtualClock virtualClock
        ? $"virtual {virtualClock.NanosecondsPerInstruction} ns/instruction"
        : clock.GetType().Name;
}
