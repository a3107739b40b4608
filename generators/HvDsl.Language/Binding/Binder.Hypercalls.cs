using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    private static readonly string[] GeneralRegisters =
        ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    private BoundHypercallTable BindHypercalls(HypercallsSyntax table)
    {
        var owner = table.Name.Text;
        var seen = new HashSet<string>();
        string number = "rax", result = "rax";
        string[] arguments = ["rbx", "rcx", "rdx", "rsi"];
        long unknown = -1000, denied = -1;
        foreach (var member in table.Members)
        {
            switch (member)
            {
                case ConventionSyntax convention when FirstSetting(seen, convention.Keyword, convention.Span, owner):
                    var registers = convention.Registers.Where(r => CheckRegister(r)).Select(r => r.Text).ToArray();
                    if (convention.Keyword == "arguments") arguments = registers;
                    else if (convention.Registers.Length != 1)
                        Report(DiagnosticDescriptors.ValueOutOfRange, convention.Span, $"The number of '{convention.Keyword}' registers", convention.Registers.Length, "1");
                    else if (registers.Length == 1 && convention.Keyword == "number") number = registers[0];
                    else if (registers.Length == 1) result = registers[0];
                    break;
                case UnknownHypercallSyntax other when FirstSetting(seen, "otherwise", other.Span, owner):
                    unknown = SignedResult(other.Result, unknown);
                    break;
                case DeniedHypercallSyntax refused when FirstSetting(seen, "denied", refused.Span, owner):
                    denied = SignedResult(refused.Result, denied);
                    break;
            }
        }
        var calls = table.Members.OfType<HypercallSyntax>().ToList();
        CheckUnique(calls, c => c.Name, "Hypercall", owner);
        var numbers = new HashSet<ulong>();
        var bound = new List<BoundHypercall>();
        foreach (var call in calls)
        {
            if (!numbers.Add(call.Number.Value))
                Report(DiagnosticDescriptors.DuplicateNumber, call.Number.Span, "Hypercall number", call.Number.Value, owner);
            if (call.Parameters.Length > arguments.Length)
                Report(DiagnosticDescriptors.TooManyParameters, call.Name.Span, call.Name.Text, call.Parameters.Length, owner, arguments.Length);
            CheckUnique(call.Parameters, p => p.Name, "Parameter", call.Name.Text);
            var parameters = call.Parameters.Take(arguments.Length)
                .Select((p, i) => new BoundParameter(p.Name.Text, WidthOf(p.Type), arguments[i])).ToEquatableArray();
            var returns = call.ReturnType is { } type ? WidthOf(type) : 0;
            bound.Add(new BoundHypercall(call.Name.Text, call.Doc, call.Span, call.Number.Value, parameters, returns, call.User));
        }
        return new BoundHypercallTable(owner, table.Doc, table.Span, table.Via.Text, number, arguments.ToEquatableArray(), result, unknown,
            denied, bound.ToEquatableArray());
    }

    /// <summary>The value of an <c>otherwise</c> or <c>denied</c> result, or <paramref name="fallback"/> after reporting one that does not fit.</summary>
    private long SignedResult(NumberSyntax result, long fallback)
    {
        if (result.Value <= long.MaxValue) return result.Signed;
        Report(DiagnosticDescriptors.ValueOutOfRange, result.Span, "Result", result.Value, "a signed 64-bit value");
        return fallback;
    }

    private bool CheckRegister(NameSyntax register)
    {
        if (GeneralRegisters.Contains(register.Text)) return true;
        Report(DiagnosticDescriptors.UnknownRegisterName, register.Span, register.Text, string.Join(", ", GeneralRegisters));
        return false;
    }
}
