using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits an MSR table: storage with reset values for the MSRs the table owns, and read/write <c>switch</c>es on the index
/// with each MSR's access kind; <c>cpu</c> MSRs pass through to the vCPU, which holds them and checks writes.
/// </summary>
internal static partial class MsrTableEmitter
{
    private const string Exits = "global::HvDsl.Runtime.Exits";
    private const string GuestCpu = "global::HvDsl.Runtime.Cpu.IGuestCpu";
    private const string Register = "global::Iced.Intel.Register";

    public static GeneratedSource Emit(EmitOptions options, BoundMsrTable table) =>
        CSharp.File($"{table.Name}.Msrs.g.cs", options, w =>
        {
            var owned = table.Msrs.Where(m => !m.PassThrough).ToList();
            w.Summary(CSharp.Doc(table.Doc, $"The {table.Name} MSR table."));
            w.Line(CSharp.SpecLine(table.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {TypeNames.Msrs(table.Name)}"))
            {
                foreach (var msr in owned) w.Line($"private ulong {Field(msr)};");
                if (owned.Count > 0) w.Line();
                w.Summary("Creates the table with every MSR it owns at its reset value.");
                w.Line($"public {TypeNames.Msrs(table.Name)}() => Reset();").Line();
                foreach (var msr in owned)
                {
                    w.Summary(CSharp.Doc(msr.Doc, $"MSR {CSharp.Hex(msr.Index)} ({msr.Name})."));
                    w.Line($"public ulong {CSharpText.Identifier(msr.Name)} {{ get => {Field(msr)}; set => {Field(msr)} = value; }}").Line();
                }
                w.Summary("Returns every MSR the table owns to its reset value; <c>cpu</c> MSRs reset with the vCPU.");
                using (w.Block("public void Reset()"))
                {
                    foreach (var msr in owned) w.Line($"{Field(msr)} = {CSharp.Hex(msr.Reset, 8)};");
                }
                w.Line();
                WriteTryRead(w, table);
                w.Line();
                WriteTryWrite(w, table);
                w.Line();
                WriteExecute(w, table);
            }
        });

    private static string Field(BoundMsr msr) => CSharpText.Identifier("_" + CSharp.Camel(msr.Name));

    private static void WriteExecute(CodeWriter w, BoundMsrTable table)
    {
        w.Summary("Performs RDMSR or WRMSR for the guest (EDX:EAX), raising the declared exception when the table refuses.");
        using (w.Block($"public {Exits}.ExitAction Execute({GuestCpu} cpu, in {Exits}.VmExit exit)"))
        {
            var refuse = table.Otherwise.Kind == TrapActionKind.Raise ? TrapDispatcherEmitter.Raise(table.Otherwise) : $"{Exits}.ExitAction.InjectException(13, 0)";
            using (w.Block($"if (exit.Reason == {Exits}.ExitReason.MsrWrite)"))
            {
                w.Line($"return TryWrite(cpu, exit.Msr, exit.Value) ? {Exits}.ExitAction.Resume : {refuse};");
            }
            w.Line($"if (!TryRead(cpu, exit.Msr, out var value)) return {refuse};");
            w.Line($"cpu.SetRegister({Register}.EAX, value & 0xFFFFFFFF);");
            w.Line($"cpu.SetRegister({Register}.EDX, value >> 32);");
            w.Line($"return {Exits}.ExitAction.Resume;");
        }
    }
}
