using System.Collections.Generic;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

/// <summary>Overlap checks as sweeps over sorted intervals, so their time grows with the input, not with the pairs in it.</summary>
internal sealed partial class Binder
{
    /// <summary>The most register elements (plain registers count one, arrays their length) one spec file may declare.</summary>
    public const int MaxRegisterElements = 1 << 20;

    private readonly Dictionary<string, long> registerElements = new(System.StringComparer.Ordinal);

    /// <summary>Reports HV0033 at the register that takes its file past <see cref="MaxRegisterElements"/>.</summary>
    private void CountElements(DeviceSyntax device, List<RegisterSyntax> syntax, BoundRegister[] registers)
    {
        var path = device.Span.Path;
        registerElements.TryGetValue(path, out var total);
        for (var i = 0; i < registers.Length; i++)
        {
            var before = total;
            total += registers[i].Count;
            if (before <= MaxRegisterElements && total > MaxRegisterElements)
                Report(DiagnosticDescriptors.TooManyRegisterElements, syntax[i].Name.Span, registers[i].Name, total, MaxRegisterElements);
        }
        registerElements[path] = total;
    }

    /// <summary>
    /// Registers may share bytes only when banked by different values of one field, when one only reads and the other
    /// only writes, or when they start at one offset with different widths (neither an array nor banked: the access width
    /// picks one). One sweep by offset; each register is reported once, against one register it conflicts with.
    /// </summary>
    private void CheckOverlaps(List<RegisterSyntax> syntax, BoundRegister[] registers, string path)
    {
        var instances = Instances(registers, expandArrays: registerElements[path] <= MaxRegisterElements);
        instances.Sort();
        var active = new ActiveRegisters();
        var entries = new ActiveRegisters.Entry[instances.Count];
        // The tracked instances by (end, instance), least first: the sweep retires them in this order as it passes their last byte.
        var ending = new EndHeap();
        var reported = new bool[registers.Length];
        for (var i = 0; i < instances.Count; i++)
        {
            var (start, index, end) = instances[i];
            while (ending.Count > 0 && ending.Min.End <= start) active.Remove(entries[ending.RemoveMin().Instance]);
            // Nothing active and nothing starting before it ends: it can conflict with no register, so it need not be tracked.
            if (ending.Count == 0 && (i + 1 == instances.Count || instances[i + 1].Start >= end)) continue;
            if (active.Conflict(registers[index], index) is { } other)
            {
                var (first, second) = (System.Math.Min(index, other), System.Math.Max(index, other));
                if (!reported[second])
                {
                    reported[second] = true;
                    Report(DiagnosticDescriptors.RegisterOverlap, syntax[second].Name.Span, registers[second].Name, registers[first].Name, start);
                }
            }
            entries[i] = active.Add(registers[index], index);
            ending.Add((end, i));
        }
    }

    /// <summary>
    /// The byte ranges registers occupy, as (start, register, end) so that they sort by start then register: an array with gaps
    /// between its elements is one range per element, any other register one range.
    /// </summary>
    private static List<(ulong Start, int Register, ulong End)> Instances(BoundRegister[] registers, bool expandArrays)
    {
        var instances = new List<(ulong Start, int Register, ulong End)>(registers.Length);
        for (var i = 0; i < registers.Length; i++)
        {
            var register = registers[i];
            if (register.Width == 0 || register.State) continue;
            // Below 2^63 with a stride below 2^32 (and at most 65,536 elements) no range reaches 2^64, so ulong arithmetic is exact.
            var small = register.Offset < 1UL << 63 && register.Stride <= uint.MaxValue;
            if (expandArrays && register.IsArray && register.Stride > (ulong)register.Width)
            {
                for (var element = 0; element < register.Count; element++)
                {
                    if (small) instances.Add((register.Offset + register.Stride * (ulong)element, i, register.Offset + register.Stride * (ulong)element + (ulong)register.Width));
                    else Add(register.Offset + (decimal)register.Stride * element, register.Width, i);
                }
            }
            else if (small)
            {
                instances.Add((register.Offset, i, register.Offset + register.Stride * (ulong)(register.Count - 1) + (ulong)register.Width));
            }
            else
            {
                Add(register.Offset, (decimal)register.Stride * (register.Count - 1) + register.Width, i);
            }
        }
        return instances;

        // decimal cannot overflow for any 64-bit offset and stride; ranges past 2^64 are clipped there (HV0015 reports them).
        void Add(decimal start, decimal length, int register)
        {
            if (start >= ulong.MaxValue) return;
            instances.Add(((ulong)start, register, (ulong)System.Math.Min(start + length, ulong.MaxValue)));
        }
    }

    /// <summary>Devices of one machine must not share a port or an address: one sweep per address space, each placement reported once.</summary>
    private void CheckPlacements(List<BoundPlacement> placed, List<PlacementSyntax> syntax)
    {
        var order = new List<int>();
        for (var i = 0; i < placed.Count; i++) order.Add(i);
        order.Sort((a, b) => placed[a].Space != placed[b].Space ? placed[a].Space.CompareTo(placed[b].Space)
            : placed[a].Address != placed[b].Address ? placed[a].Address.CompareTo(placed[b].Address) : a.CompareTo(b));
        var reported = new HashSet<int>();
        var reach = -1;
        foreach (var i in order)
        {
            var bound = placed[i];
            if (reach >= 0 && placed[reach].Space == bound.Space && bound.Address < placed[reach].End)
            {
                var (first, second) = (System.Math.Min(i, reach), System.Math.Max(i, reach));
                var later = placed[second];
                if (reported.Add(second))
                    Report(DiagnosticDescriptors.PlacementOverlap, syntax[second].Address.Span, later.Name, later.Space.ToString().ToLowerInvariant(),
                        later.Address, later.End - 1, placed[first].Name);
            }
            // The placement reaching furthest is the one any later window starting below its end overlaps.
            if (reach < 0 || placed[reach].Space != bound.Space || bound.End > placed[reach].End) reach = i;
        }
    }
}
