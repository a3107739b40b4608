using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits a machine: a class that builds a <c>Vm</c> with the declared memory, places and wires each device, installs the
/// trap table with the tables it uses, and lists the services a guest may reach.
/// </summary>
internal static class MachineEmitter
{
    private const string Runtime = "global::HvDsl.Runtime";

    public static GeneratedSource Emit(EmitOptions options, BoundMachine machine, BoundTrapTable? traps, EquatableArray<PlacedDevice> placements) =>
        CSharp.File($"{machine.Name}.Machine.g.cs", options, w =>
        {
            var name = TypeNames.Machine(machine.Name);
            var tables = traps is null ? [] : TrapDispatcherEmitter.Tables(traps);
            var extraHypercalls = machine.Hypercalls is { } h && !tables.Any(t => t.Kind == TrapActionKind.Hypercalls && t.Name == h);
            w.Summary(CSharp.Doc(machine.Doc, $"The {machine.Name} machine."));
            w.Line(CSharp.SpecLine(machine.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {name} : {Runtime}.Machines.IMachine"))
            {
                w.Summary("RAM the spec declares, in bytes.");
                w.Line($"public const ulong DefaultMemoryBytes = {CSharp.Hex(machine.MemoryBytes)};");
                w.Line();
                EmitMemoryLimits(w, machine);
                w.Summary("Builds the virtual machine with the RAM the spec declares.");
                w.Line($"public {name}() : this(DefaultMemoryBytes) {{ }}");
                w.Line();
                // Hosts such as `hvdsl run --machine` start any board through this one constructor.
                w.Summary("Builds the virtual machine as a host's <paramref name=\"options\"/> say: their RAM (the spec's when null), then <c>Connect</c> for consoles, input and vCPUs.");
                using (w.Block($"public {name}({Runtime}.Machines.MachineOptions options) : this((options ?? throw new global::System.ArgumentNullException(nameof(options))).MemoryBytes ?? DefaultMemoryBytes)"))
                    w.Line("Connect(options);");
                w.Line();
                // Guests and tools pick the RAM size at run time; the spec's figure is only the default.
                w.Summary("Builds the virtual machine with <paramref name=\"memoryBytes\"/> of RAM at guest-physical 0: devices on their buses and interrupt lines, trap and hypercall tables.");
                using (w.Block($"public {name}(ulong memoryBytes)"))
                {
                    using (w.Block("if (memoryBytes > MaxMemoryBytes)"))
                        w.Line($"throw new global::System.ArgumentOutOfRangeException(nameof(memoryBytes), memoryBytes, $\"{machine.Name} takes at most 0x{{MaxMemoryBytes:X}} bytes of RAM\");");
                    if (machine.LowRamEnd is null)
                        w.Line($"Vm = new {Runtime}.Vm(memoryBytes);");
                    else
                    {
                        w.Line($"Vm = new {Runtime}.Vm(global::System.Math.Min(memoryBytes, LowRamEnd));");
                        w.Line("// RAM past LowRamEnd continues at 4 GiB, leaving the addresses between to devices and firmware.");
                        using (w.Block("if (memoryBytes > LowRamEnd)"))
                            w.Line($"Vm.Memory.AddRam({CSharp.Hex(FourGibibytes, 8)}, memoryBytes - LowRamEnd);");
                    }
                    foreach (var placed in placements)
                    {
                        var p = placed.Placement;
                        var property = Property(p.Name);
                        var bus = p.Space == AddressSpace.Io ? "PortIo" : "Mmio";
                        w.Line(CSharp.SpecLine(p.Span));
                        w.Line($"{property} = new {Device(p.Type)}();");
                        w.Line($"Vm.{bus}.Register({CSharp.Hex(p.Address, p.Space == AddressSpace.Io ? 2 : 8)}, {property});");
                        if (placed.IrqOutput is not null && p.Irq is { } irq) w.Line($"{property}.{CSharpText.Identifier(placed.IrqOutput)} = Vm.GetInterruptLine({CSharp.Int(irq)});");
                        foreach (var line in p.Lines) w.Line($"{property}.{CSharpText.Identifier(line.Output)} = Vm.GetInterruptLine({CSharp.Int(line.Line)});");
                    }
                    foreach (var t in tables) w.Line($"{Property(t.Name)} = new {t.Type}();");
                    if (extraHypercalls) w.Line($"{CSharpText.Identifier(machine.Hypercalls!)} = new {TypeNames.Hypercalls(machine.Hypercalls!)}();");
                    if (traps is not null)
                    {
                        var arguments = string.Concat(tables.Select(t => $", {Property(t.Name)}"));
                        w.Line($"Traps = new {TypeNames.Traps(traps.Name)}(Vm{arguments});");
                        w.Line("// Only the instructions the trap table names leave the guest.");
                        w.Line($"Vm.Traps = {TypeNames.Traps(traps.Name)}.CreateTrapSet();");
                        w.Line("Vm.TrapHandler = Traps;");
                    }
                    w.Line("OnCreated();");
                }
                w.Line();
                w.Summary("The virtual machine.");
                w.Line($"public {Runtime}.Vm Vm {{ get; }}");
                foreach (var placed in placements)
                {
                    var p = placed.Placement;
                    w.Line();
                    w.Summary(CSharp.Doc(p.Doc, $"The {p.Type} at {(p.Space == AddressSpace.Io ? "port" : "address")} {CSharp.Hex(p.Address)}."));
                    w.Line($"public {Device(p.Type)} {Property(p.Name)} {{ get; }}");
                }
                foreach (var t in tables)
                {
                    w.Line();
                    w.Summary($"The {t.Name} table the trap handler uses.");
                    w.Line($"public {t.Type} {Property(t.Name)} {{ get; }}");
                }
                if (extraHypercalls)
                {
                    w.Line();
                    w.Summary($"The {machine.Hypercalls} hypercalls.");
                    w.Line($"public {TypeNames.Hypercalls(machine.Hypercalls!)} {CSharpText.Identifier(machine.Hypercalls!)} {{ get; }}");
                }
                if (traps is not null)
                {
                    w.Line();
                    w.Summary($"The {traps.Name} trap handler, installed as the VM's trap handler.");
                    w.Line($"public {TypeNames.Traps(traps.Name)} Traps {{ get; }}");
                }
                w.Line();
                w.Summary("Creates the services a guest of this machine may reach, for the service host to run.");
                using (w.Block($"public static {Runtime}.Services.IService[] CreateServices() => new {Runtime}.Services.IService[]", "};"))
                {
                    foreach (var service in machine.Services) w.Line($"new {TypeNames.Service(service)}(),");
                }
                w.Line();
                w.Summary("Frees guest memory.");
                w.Line("public void Dispose() => Vm.Dispose();");
                w.Line();
                w.Summary("Called at the end of every constructor, for wiring the spec cannot say (which chip is the interrupt controller, clocks for timers).");
                w.Line("partial void OnCreated();");
                w.Line();
                w.Summary("Called by the options constructor after <c>OnCreated</c>, for connecting the host's consoles, input and vCPUs to the board.");
                w.Line($"partial void Connect({Runtime}.Machines.MachineOptions options);");
            }
        });

    private static string Device(string type) => CSharpText.Identifier(TypeNames.Device(type));

    private static string Property(string name) => CSharpText.Identifier(CSharp.Pascal(name));

    private const ulong FourGibibytes = 1UL << 32;

    /// <summary>
    /// <c>MaxMemoryBytes</c>, and <c>LowRamEnd</c> when <c>below</c> splits RAM at 4 GiB: without a split, RAM from 0 must end
    /// below the lowest MMIO device; with one, RAM above 4 GiB may fill the rest of the address space the runtime maps.
    /// </summary>
    private static void EmitMemoryLimits(CodeWriter w, BoundMachine machine)
    {
        var maxAddress = $"{Runtime}.Memory.PhysicalMemory.MaxAddress";
        if (machine.LowRamEnd is { } low)
        {
            w.Summary("Where RAM below 4 GiB ends; RAM past it continues at 4 GiB (the spec's <c>below</c>).");
            w.Line($"public const ulong LowRamEnd = {CSharp.Hex(low, 8)};");
            w.Line();
            w.Summary("The most RAM this machine takes: below <see cref=\"LowRamEnd\"/>, then from 4 GiB to the end of the address space the runtime maps.");
            w.Line($"public static ulong MaxMemoryBytes => LowRamEnd + ({maxAddress} - {CSharp.Hex(FourGibibytes, 8)});");
        }
        else if (machine.Devices.Where(d => d.Space == AddressSpace.Mmio).OrderBy(d => d.Address).FirstOrDefault() is { } lowest)
        {
            w.Summary($"The most RAM this machine takes: RAM from 0 ends below its lowest MMIO device, {lowest.Name} at {CSharp.Hex(lowest.Address)}.");
            w.Line($"public static ulong MaxMemoryBytes => {CSharp.Hex(lowest.Address, 8)};");
        }
        else
        {
            w.Summary("The most RAM this machine takes: all the address space the runtime maps.");
            w.Line($"public static ulong MaxMemoryBytes => {maxAddress};");
        }
        w.Line();
    }
}
