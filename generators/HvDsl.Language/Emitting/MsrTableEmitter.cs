using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>Emits an MSR table: storage with reset values, and read/write <c>switch</c>es on the index with each MSR's access kind.</summary>
internal static class MsrTableEmitter
{
    private const string Exits = "global::HvDsl.Runtime.Exits";
    private const string Register = "global::Iced.Intel.Register";

    public static GeneratedSource Emit(EmitOptions options, BoundMsrTable table) =>
        CSharp.File($"{table.Name}.Msrs.g.cs", options, w =>
        {
            var ignoreUnknown = table.Otherwise.Kind == TrapActionKind.Ignore;
            w.Summary(CSharp.Doc(table.Doc, $"The {table.Name} MSR table."));
            w.Line(CSharp.SpecLine(table.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {TypeNames.Msrs(table.Name)}"))
            {
                foreach (var msr in table.Msrs) w.Line($"private ulong _{CSharp.Camel(msr.Name)};");
                w.Line();
                w.Summary("Creates the table with every MSR at its reset value.");
                w.Line($"public {TypeNames.Msrs(table.Name)}() => Reset();").Line();
                foreach (var msr in table.Msrs)
                {
                    w.Summary(CSharp.Doc(msr.Doc, $"MSR {CSharp.Hex(msr.Index)} ({msr.Name})."));
                    w.Line($"public ulong {msr.Name} {{ get => _{CSharp.Camel(msr.Name)}; set => _{CSharp.Camel(msr.Name)} = value; }}").Line();
                }
                w.Summary("Returns every MSR to its reset value.");
                using (w.Block("public void Reset()"))
                {
                    foreach (var msr in table.Msrs) w.Line($"_{CSharp.Camel(msr.Name)} = {CSharp.Hex(msr.Reset, 8)};");
                }
                w.Line();
                w.Summary("RDMSR: the value of MSR <paramref name=\"index\"/>; false when the guest must get an exception instead.");
                using (w.Block("public bool TryRead(uint index, out ulong value)"))
                using (w.Block("switch (index)"))
                {
                    foreach (var msr in table.Msrs)
                    {
                        w.Line(CSharp.SpecLine(msr.Span));
                        w.Line(msr.Access == AccessKind.WriteOnly
                            ? $"case {CSharp.Hex(msr.Index, 4)}: value = 0; return true;"
                            : $"case {CSharp.Hex(msr.Index, 4)}: value = _{CSharp.Camel(msr.Name)}; return true;");
                    }
                    w.Line(ignoreUnknown ? "// otherwise => ignore: unknown MSRs read as zero." : "// otherwise: unknown MSRs raise the declared exception.");
                    w.Line($"default: value = 0; return {(ignoreUnknown ? "true" : "false")};");
                }
                w.Line();
                w.Summary("WRMSR: stores <paramref name=\"value\"/> in MSR <paramref name=\"index\"/>; false when the guest must get an exception instead.");
                using (w.Block("public bool TryWrite(uint index, ulong value)"))
                using (w.Block("switch (index)"))
                {
                    foreach (var msr in table.Msrs)
                    {
                        w.Line(CSharp.SpecLine(msr.Span));
                        w.Line(msr.Access switch
                        {
                            AccessKind.ReadOnly => $"case {CSharp.Hex(msr.Index, 4)}: return false;",
                            AccessKind.WriteIgnored => $"case {CSharp.Hex(msr.Index, 4)}: return true;",
                            _ => $"case {CSharp.Hex(msr.Index, 4)}: _{CSharp.Camel(msr.Name)} = value; return true;",
                        });
                    }
                    w.Line($"default: return {(ignoreUnknown ? "true" : "false")};");
                }
                w.Line();
                w.Summary("Performs RDMSR or WRMSR for the guest (EDX:EAX), raising the declared exception when the table refuses.");
                using (w.Block($"public {Exits}.ExitAction Execute(global::HvDsl.Runtime.Cpu.IGuestCpu cpu, in {Exits}.VmExit exit)"))
                {
                    var refuse = table.Otherwise.Kind == TrapActionKind.Raise ? TrapDispatcherEmitter.Raise(table.Otherwise) : $"{Exits}.ExitAction.InjectException(13, 0)";
                    using (w.Block($"if (exit.Reason == {Exits}.ExitReason.MsrWrite)"))
                    {
                        w.Line($"return TryWrite(exit.Msr, exit.Value) ? {Exits}.ExitAction.Resume : {refuse};");
                    }
                    w.Line($"if (!TryRead(exit.Msr, out var value)) return {refuse};");
                    w.Line($"cpu.SetRegister({Register}.EAX, value & 0xFFFFFFFF);");
                    w.Line($"cpu.SetRegister({Register}.EDX, value >> 32);");
                    w.Line($"return {Exits}.ExitAction.Resume;");
                }
            }
        });
}
