using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits a hypercall table: a <c>switch</c> on the number register that refuses calls not marked <c>user</c> from CPL &gt; 0,
/// unpacks each call's arguments from the declared registers, narrows them to their declared types, calls a required
/// partial method and writes the result back.
/// </summary>
internal static class HypercallEmitter
{
    private const string Register = "global::Iced.Intel.Register";
    private const string Cpu = "global::HvDsl.Runtime.Cpu.IGuestCpu";

    public static GeneratedSource Emit(EmitOptions options, BoundHypercallTable table) =>
        CSharp.File($"{table.Name}.Hypercalls.g.cs", options, w =>
        {
            w.Summary(CSharp.Doc(table.Doc, $"The {table.Name} hypercalls."));
            w.Line(CSharp.SpecLine(table.Span));
            w.Line(CSharp.GeneratedCode(options));
            using (w.Block($"public sealed partial class {TypeNames.Hypercalls(table.Name)}"))
            {
                w.Summary($"Performs the hypercall whose number is in {table.NumberRegister.ToUpperInvariant()} and writes its result to {table.ResultRegister.ToUpperInvariant()}.");
                using (w.Block($"public global::HvDsl.Runtime.Exits.ExitAction Execute({Cpu} cpu)"))
                {
                    w.Line($"ulong result = Dispatch(cpu, cpu.GetRegister({Register}.{table.NumberRegister.ToUpperInvariant()}));");
                    w.Line($"cpu.SetRegister({Register}.{table.ResultRegister.ToUpperInvariant()}, result);");
                    w.Line("return global::HvDsl.Runtime.Exits.ExitAction.Resume;");
                }
                w.Line();
                w.Summary("Calls the handler for <paramref name=\"number\"/> with its arguments and returns the value for the result register.");
                using (w.Block($"public ulong Dispatch({Cpu} cpu, ulong number)"))
                {
                    var denied = $"unchecked((ulong)({CSharp.Int(table.DeniedResult)}L))";
                    w.Line($"// From CPL > 0 only the calls marked user run; any other number gets denied => result {CSharp.Int(table.DeniedResult)}.");
                    using (w.Block("switch (number)"))
                    {
                        foreach (var call in table.Calls)
                        {
                            w.Line(CSharp.SpecLine(call.Span));
                            w.Line($"case {CSharp.Hex(call.Number)}:");
                            using (w.Indent())
                            {
                                if (!call.User) w.Line($"if (cpu.Cpl != 0) return {denied};");
                                var arguments = string.Concat(call.Parameters.Select(p =>
                                    $", {Narrow(p.Width)}cpu.GetRegister({Register}.{p.Register.ToUpperInvariant()})"));
                                if (call.ReturnWidth == 0)
                                {
                                    w.Line($"{CSharpText.Identifier(call.Name)}(cpu{arguments});");
                                    w.Line("// No declared result: the result register gets zero.");
                                    w.Line("return 0;");
                                }
                                else
                                {
                                    w.Line($"return {CSharpText.Identifier(call.Name)}(cpu{arguments});");
                                }
                            }
                        }
                        w.Line($"// otherwise => result {CSharp.Int(table.UnknownResult)}.");
                        w.Line($"default: return cpu.Cpl != 0 ? {denied} : unchecked((ulong)({CSharp.Int(table.UnknownResult)}L));");
                    }
                }
                WriteCalls(w, table.Calls);
            }
        });

    /// <summary>The partial method each call's handler implements.</summary>
    internal static void WriteCalls(CodeWriter w, IEnumerable<BoundHypercall> calls)
    {
        foreach (var call in calls)
        {
            w.Line();
            w.Summary(CSharp.Doc(call.Doc, $"Hypercall {CSharp.Int((long)call.Number)}."));
            var parameters = string.Concat(call.Parameters.Select(p => $", {CSharp.Type(p.Width)} {CSharpText.Identifier(p.Name)}"));
            var result = call.ReturnWidth == 0 ? "void" : CSharp.Type(call.ReturnWidth);
            w.Line($"private partial {result} {CSharpText.Identifier(call.Name)}({Cpu} cpu{parameters});");
        }
    }

    private static string Narrow(int width) => width == 8 ? "" : $"({CSharp.Type(width)})";
}
