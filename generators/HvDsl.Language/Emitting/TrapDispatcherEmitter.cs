using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits a trap table as an <c>ITrapHandler</c>: a <c>switch</c> on the exit reason, then on Iced's <c>Mnemonic</c>,
/// calling built-in actions, the generated tables or required partial methods; plus the <c>TrapSet</c> of its instructions.
/// </summary>
internal static class TrapDispatcherEmitter
{
    private const string Exits = "global::HvDsl.Runtime.Exits";
    private const string Mnemonic = "global::Iced.Intel.Mnemonic";

    // Iced has no mnemonic for "MOV with a control register"; these are the encodings the aliases stand for.
    private static readonly Dictionary<OperandFilter, string[]> FilteredCodes = new()
    {
        [OperandFilter.ControlRegister] = ["Mov_r32_cr", "Mov_r64_cr", "Mov_cr_r32", "Mov_cr_r64"],
        [OperandFilter.DebugRegister] = ["Mov_r32_dr", "Mov_r64_dr", "Mov_dr_r32", "Mov_dr_r64"],
    };

    public static GeneratedSource Emit(EmitOptions options, BoundTrapTable table) =>
        CSharp.File($"{table.Name}.Traps.g.cs", options, w =>
        {
            var name = TypeNames.Traps(table.Name);
            var tables = Tables(table);
            w.Summary(CSharp.Doc(table.Doc, $"The {table.Name} trap table."));
            w.Line(CSharp.SpecLine(table.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {name} : {Exits}.ITrapHandler"))
            {
                w.Line("private readonly global::HvDsl.Runtime.Vm _vm;");
                foreach (var t in tables) w.Line($"private readonly {t.Type} {t.Field};");
                w.Line();
                w.Summary("Creates the dispatcher for <paramref name=\"vm\"/> (its port bus serves <c>io</c>) and the tables its rules use.");
                var parameters = string.Join("", tables.Select(t => $", {t.Type} {t.Parameter}"));
                using (w.Block($"public {name}(global::HvDsl.Runtime.Vm vm{parameters})"))
                {
                    w.Line("_vm = vm;");
                    foreach (var t in tables) w.Line($"{t.Field} = {t.Parameter};");
                }
                w.Line();
                WriteTrapSet(w, table);
                WriteHandle(w, table);
                WriteHandlers(w, table);
            }
        });

    /// <summary>The tables a trap table's rules use, in order of first use: what its constructor takes, and the field that keeps each.</summary>
    public static List<(TrapActionKind Kind, string Name, string Type, string Field, string Parameter)> Tables(BoundTrapTable table) =>
        table.Rules.Select(r => r.Action).Append(table.Otherwise)
            .Where(a => a.Kind is TrapActionKind.Cpuid or TrapActionKind.Msrs or TrapActionKind.Hypercalls)
            .Select(a => (a.Kind, a.Target!))
            .Distinct()
            .Select(a => (a.Kind, a.Item2, TableType(a.Kind, a.Item2), TableField(a.Item2), CSharpText.Identifier(CSharp.Camel(a.Item2))))
            .ToList();

    private static string TableField(string table) => CSharpText.Identifier("_" + CSharp.Camel(table));

    private static string TableType(TrapActionKind kind, string name) => kind switch
    {
        TrapActionKind.Cpuid => TypeNames.Cpuid(name),
        TrapActionKind.Msrs => TypeNames.Msrs(name),
        _ => TypeNames.Hypercalls(name),
    };

    private static void WriteTrapSet(CodeWriter w, BoundTrapTable table)
    {
        w.Summary("A new trap set with every instruction the table names, so exactly those leave the guest.");
        using (w.Block($"public static {Exits}.TrapSet CreateTrapSet()"))
        {
            w.Line($"var set = new {Exits}.TrapSet();");
            foreach (var rule in table.Rules)
            {
                w.Line(CSharp.SpecLine(rule.Span));
                foreach (var instruction in rule.Instructions)
                {
                    if (instruction.Filter == OperandFilter.None)
                    {
                        foreach (var mnemonic in instruction.Mnemonics) w.Line($"set.Add({Mnemonic}.{mnemonic});");
                    }
                    else
                    {
                        foreach (var code in FilteredCodes[instruction.Filter]) w.Line($"set.Add(global::Iced.Intel.Code.{code});");
                    }
                }
            }
            w.Line("return set;");
        }
        w.Line();
    }

    private static void WriteHandle(CodeWriter w, BoundTrapTable table)
    {
        w.Line("/// <inheritdoc />");
        using (w.Block($"public {Exits}.ExitAction Handle(global::HvDsl.Runtime.Cpu.IGuestCpu cpu, in {Exits}.VmExit exit)"))
        {
            using (w.Block("switch (exit.Reason)"))
            {
                w.Line("// Exits no instruction rule covers (memory holes, shutdown, budget, internal errors) keep the runtime's behaviour.");
                foreach (var reason in new[] { "Mmio", "UnmappedMemory", "Shutdown", "InstructionLimit", "InternalError" })
                {
                    w.Line($"case {Exits}.ExitReason.{reason}:");
                }
                using (w.Indent()) w.Line("return _vm.DefaultAction(cpu, exit);");
            }
            w.Line();
            w.Line("// Mnemonic rather than Code: the spec names instructions, and one mnemonic covers all its encodings (IN alone has eight).");
            using (w.Block("switch (exit.Instruction.Mnemonic)"))
            {
                foreach (var rule in table.Rules)
                {
                    w.Line(CSharp.SpecLine(rule.Span));
                    foreach (var instruction in rule.Instructions)
                    {
                        foreach (var mnemonic in instruction.Mnemonics) w.Line($"case {Mnemonic}.{mnemonic}{Guard(instruction.Filter)}:");
                    }
                    using (w.Indent()) w.Line($"return {Action(rule.Action)};");
                }
                w.Line("// otherwise: every other trapping instruction.");
                w.Line("default:");
                using (w.Indent()) w.Line($"return {Action(table.Otherwise)};");
            }
        }
    }

    private static string Guard(OperandFilter filter) => filter switch
    {
        OperandFilter.ControlRegister =>
            " when global::Iced.Intel.RegisterExtensions.IsCR(exit.Instruction.Op0Register) || global::Iced.Intel.RegisterExtensions.IsCR(exit.Instruction.Op1Register)",
        OperandFilter.DebugRegister =>
            " when global::Iced.Intel.RegisterExtensions.IsDR(exit.Instruction.Op0Register) || global::Iced.Intel.RegisterExtensions.IsDR(exit.Instruction.Op1Register)",
        _ => "",
    };

    /// <summary>The expression that performs a trap action and yields its <c>ExitAction</c>.</summary>
    internal static string Action(BoundTrapAction action) => action.Kind switch
    {
        TrapActionKind.Halt => $"{Exits}.HaltEmulation.Service(cpu, exit)",
        TrapActionKind.Ignore => $"{Exits}.ExitAction.Resume",
        TrapActionKind.Emulate => $"{Exits}.ExitAction.Emulate",
        TrapActionKind.Io => $"{Exits}.PortIoEmulation.Service(cpu, exit, _vm.PortIo)",
        TrapActionKind.Cpuid or TrapActionKind.Hypercalls => $"{TableField(action.Target!)}.Execute(cpu)",
        TrapActionKind.Msrs => $"{TableField(action.Target!)}.Execute(cpu, exit)",
        TrapActionKind.Raise => Raise(action),
        _ => $"{CSharpText.Identifier(action.Target!)}(cpu, exit)",
    };

    /// <summary><c>raise GP(0)</c> → <c>ExitAction.InjectException(13, 0)</c>.</summary>
    internal static string Raise(BoundTrapAction action) => action.ErrorCode is { } code
        ? $"{Exits}.ExitAction.InjectException({CSharp.Int(action.Vector)}, {CSharp.Int((long)code)})"
        : $"{Exits}.ExitAction.InjectException({CSharp.Int(action.Vector)})";

    internal static void WriteHandlers(CodeWriter w, BoundTrapTable table)
    {
        var handlers = table.Rules.Where(r => r.Action.Kind == TrapActionKind.Handler).Select(r => r.Action.Target!).Distinct();
        foreach (var handler in handlers)
        {
            w.Line();
            w.Summary($"Handles the instructions the table sends to {handler}; the machine implements it.");
            w.Line($"private partial {Exits}.ExitAction {CSharpText.Identifier(handler)}(global::HvDsl.Runtime.Cpu.IGuestCpu cpu, in {Exits}.VmExit exit);");
        }
    }
}
