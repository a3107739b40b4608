using System;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Emitting;

/// <summary>The RDMSR and WRMSR <c>switch</c>es: one arm per MSR, from its access kind and where its value lives.</summary>
internal static partial class MsrTableEmitter
{
    private static void WriteTryRead(CodeWriter w, BoundMsrTable table) =>
        WriteSwitch(w, table,
            "RDMSR: the value of MSR <paramref name=\"index\"/>; false when the guest must get an exception instead.",
            "TryRead", "out ulong value",
            (msr, index) => msr switch
            {
                // RDMSR of a write-only MSR faults, as WRMSR of a read-only one does (IA32_PRED_CMD, the x2APIC EOI).
                { Access: AccessKind.WriteOnly } => "value = 0; return false;",
                { PassThrough: true } => $"return cpu.TryReadMsr({index}, out value);",
                _ => $"value = {Field(msr)}; return true;",
            },
            ignoreUnknown => ignoreUnknown
                ? ["// otherwise => ignore: unknown MSRs read as zero.", "default: value = 0; return true;"]
                : ["// otherwise: unknown MSRs raise the declared exception.", "default: value = 0; return false;"]);

    private static void WriteTryWrite(CodeWriter w, BoundMsrTable table) =>
        WriteSwitch(w, table,
            "WRMSR: stores <paramref name=\"value\"/> in MSR <paramref name=\"index\"/>; false when the guest must get an exception instead.",
            "TryWrite", "ulong value",
            (msr, index) => msr switch
            {
                { Access: AccessKind.ReadOnly } => "return false;",
                { Access: AccessKind.WriteIgnored } => "return true;",
                // The vCPU applies the write with its own checks; a value it refuses is the guest's #GP.
                { PassThrough: true } => $"return cpu.TryWriteMsr({index}, value);",
                _ => $"{Field(msr)} = value; return true;",
            },
            ignoreUnknown => [$"default: return {(ignoreUnknown ? "true" : "false")};"]);

    /// <summary><c>public bool Name(cpu, index, value)</c>: a <c>switch</c> with each MSR's spec line above its arm, then the default.</summary>
    private static void WriteSwitch(CodeWriter w, BoundMsrTable table, string summary, string name, string valueParameter,
        Func<BoundMsr, string, string> arm, Func<bool, string[]> otherwise)
    {
        w.Summary(summary);
        using (w.Block($"public bool {name}({GuestCpu} cpu, uint index, {valueParameter})"))
        using (w.Block("switch (index)"))
        {
            foreach (var msr in table.Msrs)
            {
                var index = CSharp.Hex(msr.Index, 4);
                w.Line(CSharp.SpecLine(msr.Span));
                w.Line($"case {index}: {arm(msr, index)}");
            }
            foreach (var line in otherwise(table.Otherwise.Kind == TrapActionKind.Ignore)) w.Line(line);
        }
    }
}
