using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    private const ulong PortSpace = 0x10000;

    /// <summary>Where RAM split by <c>below</c> continues, and the highest split: 4 GiB.</summary>
    private const ulong FourGibibytes = 1UL << 32;

    private BoundMachine BindMachine(MachineSyntax machine)
    {
        var owner = machine.Name.Text;
        var seen = new HashSet<string>();
        MemorySyntax? memory = null;
        // Where RAM below 4 GiB ends when a valid `below` splits it, else null.
        ulong? lowRamEnd = null;
        string? traps = null, hypercalls = null;
        var services = new List<NameSyntax>();
        foreach (var member in machine.Members)
        {
            switch (member)
            {
                case MemorySyntax m when FirstSetting(seen, "memory", m.Span, owner):
                    memory = m;
                    InRange(m.Size, "Memory size", 1, ulong.MaxValue);
                    if (m.Below is { } below && InRange(below, "RAM below 4 GiB", 1 << 20, FourGibibytes))
                    {
                        if (below.Value % 4096 == 0) lowRamEnd = below.Value;
                        else Report(DiagnosticDescriptors.ValueOutOfRange, below.Span, "RAM below 4 GiB", $"0x{below.Value:X}", "a multiple of 4096 (whole pages)");
                    }
                    break;
                case UsesSyntax { Keyword: "services" } uses:
                    services.AddRange(uses.Names.Where(n => Resolves<ServiceSyntax>(n, "service")));
                    break;
                case UsesSyntax uses when FirstSetting(seen, uses.Keyword, uses.Span, owner):
                    if (uses.Names.Length != 1)
                        Report(DiagnosticDescriptors.ValueOutOfRange, uses.Span, $"The number of '{uses.Keyword}' tables", uses.Names.Length, "1");
                    else if (uses.Keyword == "traps" && Resolves<TrapsSyntax>(uses.Names[0], "traps table")) traps = uses.Names[0].Text;
                    else if (uses.Keyword == "hypercalls" && Resolves<HypercallsSyntax>(uses.Names[0], "hypercalls table")) hypercalls = uses.Names[0].Text;
                    break;
            }
        }
        if (memory is null) Missing(machine, "memory");
        CheckUnique(services, n => n, "Service", owner);

        var placements = machine.Members.OfType<PlacementSyntax>().ToList();
        CheckUnique(placements, p => p.Instance, "Device", owner);
        CheckMachineMembers(placements);
        var placed = new List<BoundPlacement>();
        var placedSyntax = new List<PlacementSyntax>();
        foreach (var placement in placements)
        {
            if (BindPlacement(placement, lowRamEnd ?? memory?.Size.Value ?? 0) is not { } bound) continue;
            placed.Add(bound);
            placedSyntax.Add(placement);
        }
        CheckPlacements(placed, placedSyntax);
        return new BoundMachine(owner, machine.Doc, machine.Span, memory?.Size.Value ?? 0, traps, hypercalls,
            services.Select(s => s.Text).Distinct().ToEquatableArray(), placed.ToEquatableArray())
        {
            LowRamEnd = lowRamEnd,
        };
    }

    // Members every generated machine class declares; a device instance is a property named as the instance with a capital.
    private static readonly string[] MachineMembers =
        ["Vm", "Traps", "DefaultMemoryBytes", "MaxMemoryBytes", "LowRamEnd", "CreateServices", "Dispose", "Connect", "OnCreated"];

    /// <summary>Reports HV0041 for a device instance whose property would redeclare a member every machine has.</summary>
    private void CheckMachineMembers(List<PlacementSyntax> placements)
    {
        foreach (var placement in placements)
        {
            var name = placement.Instance.Text;
            var member = name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
            if (System.Array.IndexOf(MachineMembers, member) >= 0)
                Report(DiagnosticDescriptors.GeneratedMemberClash, placement.Instance.Span, "Device", name, member, "a member every machine has");
        }
    }

    private BoundPlacement? BindPlacement(PlacementSyntax placement, ulong memory)
    {
        if (!devices.TryGetValue(placement.Type.Text, out var device))
        {
            Unknown(placement.Type, "device type", devices.Keys);
            return null;
        }
        var name = placement.Instance.Text;
        var address = placement.Address.Value;
        if (placement.Space == AddressSpace.Io && (address >= PortSpace || device.Size > PortSpace - address))
        {
            Report(DiagnosticDescriptors.PortOutOfRange, placement.Address.Span, name, address, device.Size);
            return null;
        }
        if (placement.Space == AddressSpace.Mmio && address < memory)
            Report(DiagnosticDescriptors.MmioOverRam, placement.Address.Span, name, address, memory);
        if (placement.Space == AddressSpace.Mmio && device.Size > ulong.MaxValue - address)
        {
            Report(DiagnosticDescriptors.ValueOutOfRange, placement.Address.Span, "Address", $"0x{address:X}", "low enough for the window to end below 2^64");
            return null;
        }
        int? irq = null;
        if (placement.Irq is { } line && InRange(line, "IRQ", 0, 23))
        {
            if (device.Irq is null) Report(DiagnosticDescriptors.DeviceHasNoIrq, line.Span, device.Name, name, line.Value);
            irq = (int)line.Value;
        }
        var lines = new List<BoundIrqLine>();
        CheckUnique(placement.Lines, l => l.Output, "Interrupt output", name);
        foreach (var wired in placement.Lines)
        {
            if (!device.Irqs.Contains(wired.Output.Text))
                Report(DiagnosticDescriptors.UnknownReference, wired.Output.Span, $"interrupt output of '{device.Name}'", wired.Output.Text,
                    Spelling.DidYouMean(wired.Output.Text, device.Irqs));
            else if (InRange(wired.Line, "IRQ", 0, 23))
                lines.Add(new BoundIrqLine(wired.Output.Text, (int)wired.Line.Value));
        }
        return new BoundPlacement(device.Name, name, placement.Doc, placement.Span, placement.Space, address, device.Size, irq)
        {
            Lines = lines.ToEquatableArray(),
        };
    }
}
