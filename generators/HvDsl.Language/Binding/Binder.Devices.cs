using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.InteropServices;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Binding;

internal sealed partial class Binder
{
    private static readonly int[] LegalWidths = [1, 2, 4, 8];

    // The placed fields of a register that declares none: never added to.
    private static readonly List<(FieldSyntax Syntax, int Low, int High)> NoFields = [];

    // A register answering its own width alone, the common case, shares one immutable list per width.
    private static readonly EquatableArray<int>[] OwnWidth = [.. Enumerable.Range(0, 9).Select(w => ImmutableArray.Create(w).ToEquatableArray())];

    private BoundDevice BindDevice(DeviceSyntax device)
    {
        var owner = device.Name.Text;
        var seen = new HashSet<string>();
        NumberSyntax? size = null;
        AccessWidthsSyntax? access = null;
        ReadPolicy unmapped = ReadPolicy.AllOnes, wrongWidth = ReadPolicy.AllOnes;
        var endian = Endianness.Little;
        string? irq = null;
        var irqs = new List<string>();
        // One pass sorts out the few members that are not registers; the register loop below keeps its own order of reports.
        var settings = new List<DeviceSettingSyntax>();
        var accessSettings = new List<AccessWidthsSyntax>();
        var enums = new List<EnumSyntax>();
        foreach (var member in device.Members)
        {
            switch (member)
            {
                case DeviceSettingSyntax setting: settings.Add(setting); break;
                case AccessWidthsSyntax widths: accessSettings.Add(widths); break;
                case EnumSyntax shared: enums.Add(shared); break;
            }
        }
        foreach (var setting in settings)
        {
            if (!FirstSetting(seen, setting.Keyword, setting.Span, owner)) continue;
            switch (setting.Keyword)
            {
                case "size": size = setting.Number; break;
                case "policy unmapped": unmapped = setting.Value!.Text == "zero" ? ReadPolicy.Zero : ReadPolicy.AllOnes; break;
                case "policy width": wrongWidth = setting.Value!.Text == "zero" ? ReadPolicy.Zero : ReadPolicy.AllOnes; break;
                case "endian": endian = setting.Value!.Text == "big" ? Endianness.Big : Endianness.Little; break;
                case "irq":
                    irq = setting.Value!.Text;
                    CheckUnique(setting.Values, v => v, "Interrupt output", owner);
                    irqs.AddRange(setting.Values.Select(v => v.Text).Distinct());
                    break;
            }
        }
        foreach (var widths in accessSettings)
        {
            if (FirstSetting(seen, "access", widths.Span, owner)) access = widths;
        }

        if (size is null) Missing(device, "size");
        else InRange(size, "Window size", 1, uint.MaxValue);
        var window = size is { Value: > 0 and <= uint.MaxValue } ? size.Value : 0;

        var allowed = new List<int>();
        foreach (var width in access?.Widths ?? [])
        {
            if (!LegalWidths.Contains((int)System.Math.Min(width.Value, 16)) || (window > 0 && width.Value > window))
                Report(DiagnosticDescriptors.IllegalAccessWidth, width.Span, width.Value, window);
            else if (!allowed.Contains((int)width.Value))
                allowed.Add((int)width.Value);
        }

        var syntax = new List<RegisterSyntax>(device.Members.Length);
        foreach (var member in device.Members)
        {
            if (member is RegisterSyntax register) syntax.Add(register);
            else if (member is RegisterGroupSyntax group) syntax.AddRange(ExpandGroup(group));
        }
        var registerIndex = IndexRegisters(syntax, owner, out var repeats);
        CheckGeneratedNames(owner, syntax, registerIndex, repeats, settings.Where(s => s.Keyword == "irq").SelectMany(s => s.Values), enums);
        CheckUnique(enums, e => e.Name, "Enum", owner);
        foreach (var shared in enums) CheckUnique(shared.Values, v => v.Name, "Value", shared.Name.Text);
        sharedEnums = enums.GroupBy(e => e.Name.Text).ToDictionary(g => g.Key, g => g.First(), System.StringComparer.Ordinal);
        var registers = new BoundRegister[syntax.Count];
        for (var i = 0; i < registers.Length; i++) registers[i] = BindRegister(syntax[i], window, access is null ? null : allowed, access?.Lanes == true);
        CountElements(device, syntax, registers);
        if (access is null) allowed.AddRange(WidthList(AnsweredWidths(registers)));
        else CheckWidthsServed(access, registers);
        CheckConditions(syntax, registers, registerIndex);
        CheckOverlaps(syntax, registers, device.Span.Path);
        allowed.Sort();
        return new BoundDevice(owner, device.Doc, device.Span, window, allowed.ToEquatableArray(), unmapped, wrongWidth, endian, irq,
            ImmutableCollectionsMarshal.AsImmutableArray(registers))
        {
            Irqs = irqs.ToEquatableArray(),
            Split = access?.Split == true,
            Enums = enums.Select(e => new BoundEnum(e.Name.Text, e.Doc, EnumValues(e.Values))).ToEquatableArray(),
        };
    }

    /// <summary>Each register name's first index; reports HV0003 for every later register of a name and marks it in <paramref name="repeats"/>.</summary>
    private Dictionary<string, int> IndexRegisters(List<RegisterSyntax> syntax, string owner, out bool[] repeats)
    {
        var indices = new Dictionary<string, int>(syntax.Count, System.StringComparer.Ordinal);
        repeats = new bool[syntax.Count];
        for (var i = 0; i < syntax.Count; i++)
        {
            var name = syntax[i].Name;
            if (indices.ContainsKey(name.Text))
            {
                Report(DiagnosticDescriptors.DuplicateMember, name.Span, "Register", name.Text, owner);
                repeats[i] = true;
            }
            else indices.Add(name.Text, i);
        }
        return indices;
    }

    private BoundRegister BindRegister(RegisterSyntax register, ulong window, List<int>? allowed, bool lanes)
    {
        var name = register.Name.Text;
        var width = WidthOf(register.Type);
        var count = register.Count is { } c && InRange(c, "Array length", 1, 65536) ? (int)c.Value : 1;
        var stride = register.Stride?.Value ?? (ulong)width;
        if (register.Stride is { } s && width > 0 && s.Value < (ulong)width)
            Report(DiagnosticDescriptors.StrideTooSmall, s.Span, name, s.Value, width);

        // decimal cannot overflow for any 64-bit offset and stride, so a far-off register is reported, not wrapped.
        var end = (decimal)register.Offset.Value + (decimal)stride * (count - 1) + width;
        if (window > 0 && width > 0 && end > window && !register.State)
            Report(DiagnosticDescriptors.RegisterOutsideWindow, register.Offset.Span, name, end <= ulong.MaxValue ? $"0x{(ulong)end:X}" : $"{end} (past 2^64)", window);
        // A state register is never accessed, so it answers no width.
        var widths = register.State ? EquatableArray<int>.Empty : RegisterAccessWidths(register, width, allowed, lanes);

        var registerBits = width * 8;
        var reset = register.Reset?.Value ?? 0;
        if (register.Reset is { } r && width > 0 && !Fits(r.Value, registerBits))
            Report(DiagnosticDescriptors.ValueTooWide, r.Span, "Reset value", r.Value, registerBits, "register", name);

        CheckUnique(register.Fields, f => f.Name, "Field", name);
        var placed = register.Fields.IsEmpty ? NoFields : new List<(FieldSyntax Syntax, int Low, int High)>(register.Fields.Length);
        // The bits fields have taken: fields lie inside at most 64 bits, so overlap is one mask test.
        var taken = 0UL;
        foreach (var field in register.Fields)
        {
            var low = field.Low.Value;
            var high = field.High?.Value ?? low;
            if (high < low)
            {
                Report(DiagnosticDescriptors.ValueOutOfRange, field.Low.Span, "Bit range", $"{low}..{high}", "written low..high");
                continue;
            }
            if (width > 0 && high >= (ulong)registerBits)
            {
                Report(DiagnosticDescriptors.FieldOutsideRegister, field.Low.Span, field.Name.Text, low, high, name, registerBits - 1);
                continue;
            }
            // Only a register of unknown width (HV0027) lets a field reach past bit 63; it takes no bits.
            var bits = high < 64 ? Mask((int)low, (int)high) : 0;
            if ((taken & bits) != 0)
                Report(DiagnosticDescriptors.FieldOverlap, field.Name.Span, field.Name.Text, FirstOwner(placed, taken & bits).Name.Text);
            taken |= bits;
            placed.Add((field, (int)low, (int)high));
            if (field.Reset is { } fieldReset)
            {
                if (Fits(fieldReset.Value, (int)(high - low + 1)))
                    reset = (reset & ~Mask((int)low, (int)high)) | (fieldReset.Value << (int)low);
                else
                    Report(DiagnosticDescriptors.ValueTooWide, fieldReset.Span, "Reset value", fieldReset.Value, high - low + 1, "field", field.Name.Text);
            }
        }
        // Most registers have no fields: they share the empty array rather than allocate one each.
        var fields = placed.Count == 0 ? System.Array.Empty<BoundField>() : new BoundField[placed.Count];
        for (var i = 0; i < fields.Length; i++) fields[i] = BindField(placed[i].Syntax, placed[i].Low, placed[i].High, register.Access, reset);
        var condition = register.Condition is { } when ? new BoundCondition(when.Register.Text, when.Field.Text, when.Value?.Value ?? 0) { ValueName = when.ValueName?.Text } : null;
        return new BoundRegister(name, register.Doc, register.Span, register.Offset.Value, width, count, stride, register.Access, reset,
            condition, register.ReadHook?.Text, register.WriteHook?.Text, fields.Length == 0 ? EquatableArray<BoundField>.Empty : ImmutableCollectionsMarshal.AsImmutableArray(fields))
        {
            AccessWidths = widths,
            ReservedOutsideFields = register.ReservedOutsideFields,
            Computed = register.Computed,
            BeforeReadHook = register.BeforeReadHook?.Text,
            State = register.State,
        };
    }

    /// <summary>The field that first took the lowest of <paramref name="overlap"/>'s bits.</summary>
    private static FieldSyntax FirstOwner(List<(FieldSyntax Syntax, int Low, int High)> placed, ulong overlap)
    {
        var lowest = overlap & (~overlap + 1);
        return placed.First(p => (Mask(p.Low, p.High) & lowest) != 0).Syntax;
    }

    /// <summary>
    /// Reports HV0042 for each listed access width no register answers: whole, or under <c>split</c> through a narrower
    /// width some register answers, so that no width the device accepts always takes a policy value.
    /// </summary>
    private void CheckWidthsServed(AccessWidthsSyntax access, BoundRegister[] registers)
    {
        var answered = AnsweredWidths(registers);
        if (answered == 0) return;
        foreach (var width in access.Widths.Where(w => LegalWidths.Contains((int)System.Math.Min(w.Value, 16))).GroupBy(w => w.Value).Select(g => g.First()))
        {
            // A legal width is 1, 2, 4 or 8: under split any answered width up to it serves it.
            var served = (answered & (access.Split ? (2 << (int)width.Value) - 1 : 1 << (int)width.Value)) != 0;
            if (!served)
                Report(DiagnosticDescriptors.AccessWidthNeverServed, width.Span, width.Value, string.Join(", ", WidthList(answered)),
                    access.Split ? "" : " or add 'split' to serve it as narrower accesses");
        }
    }

    /// <summary>The access widths some register answers, as a mask with bit <c>w</c> set for width <c>w</c> (widths are at most 8).</summary>
    private static int AnsweredWidths(BoundRegister[] registers)
    {
        var answered = 0;
        foreach (var register in registers)
        {
            foreach (var width in register.AccessWidths) answered |= 1 << width;
        }
        return answered;
    }

    /// <summary>The widths of an <see cref="AnsweredWidths"/> mask, ascending.</summary>
    private static List<int> WidthList(int mask)
    {
        var widths = new List<int>();
        for (var width = 1; width <= 8; width++)
        {
            if ((mask & (1 << width)) != 0) widths.Add(width);
        }
        return widths;
    }

    /// <summary>A group's registers as arrays of the group's length and stride, named <c>{Group}{Register}</c>, at the instance's offset plus their own.</summary>
    private IEnumerable<RegisterSyntax> ExpandGroup(RegisterGroupSyntax group)
    {
        foreach (var register in group.Registers)
        {
            if (register.Count is { } count)
                Report(DiagnosticDescriptors.ValueOutOfRange, count.Span, "Array length", count.Value, "left out inside a group, which repeats its registers itself");
            if (register.Stride is { } stride)
                Report(DiagnosticDescriptors.ValueOutOfRange, stride.Span, "Stride", stride.Value, "left out inside a group, which gives the stride");
            // decimal cannot overflow, so an instance offset beyond 64 bits is reported by the window check, not wrapped.
            var offset = (decimal)group.Offset.Value + register.Offset.Value;
            yield return register with
            {
                Name = register.Name with { Text = group.Name.Text + register.Name.Text },
                Count = group.Count,
                Offset = register.Offset with { Value = offset > ulong.MaxValue ? ulong.MaxValue : (ulong)offset },
                Stride = group.Stride,
            };
        }
    }

    /// <summary>The widths a register answers: its own list, the device's up to its width under <c>lanes</c>, else its width alone.</summary>
    private EquatableArray<int> RegisterAccessWidths(RegisterSyntax register, int width, List<int>? allowed, bool lanes)
    {
        var name = register.Name.Text;
        if (width == 0) return EquatableArray<int>.Empty;
        if (register.AccessWidths is null && !(lanes && allowed is not null))
        {
            if (allowed is not null && !allowed.Contains(width))
                Report(DiagnosticDescriptors.RegisterWidthNotAccessible, register.Type.Span, name, width, string.Join(", ", allowed));
            return OwnWidth[width];
        }
        var widths = new List<int>();
        if (register.AccessWidths is { } own)
        {
            foreach (var w in own)
            {
                if (!LegalWidths.Contains((int)System.Math.Min(w.Value, 16)))
                    Report(DiagnosticDescriptors.IllegalAccessWidth, w.Span, w.Value, width);
                else if (w.Value > (ulong)width)
                    Report(DiagnosticDescriptors.AccessWiderThanRegister, w.Span, name, width, w.Value);
                else if (allowed is not null && !allowed.Contains((int)w.Value))
                    Report(DiagnosticDescriptors.AccessWidthNeverReaches, w.Span, name, w.Value, string.Join(", ", allowed));
                else if (!widths.Contains((int)w.Value))
                    widths.Add((int)w.Value);
            }
        }
        else
        {
            foreach (var w in allowed!)
            {
                if (w <= width) widths.Add(w);
            }
            if (widths.Count == 0)
                Report(DiagnosticDescriptors.RegisterWidthNotAccessible, register.Type.Span, name, width, string.Join(", ", allowed));
        }
        widths.Sort();
        return widths.ToEquatableArray();
    }

    // The shared enums of the device being bound, by name.
    private Dictionary<string, EnumSyntax> sharedEnums = new(System.StringComparer.Ordinal);

    private BoundField BindField(FieldSyntax field, int low, int high, AccessKind registerAccess, ulong registerReset)
    {
        var bits = high - low + 1;
        CheckUnique(field.Values, v => v.Name, "Value", field.Name.Text);
        var own = field.Values;
        string? enumType = null;
        if (field.EnumType is { } type)
        {
            if (!sharedEnums.TryGetValue(type.Text, out var shared))
                Report(DiagnosticDescriptors.UnknownReference, type.Span, "enum", type.Text, Spelling.DidYouMean(type.Text, sharedEnums.Keys));
            else if (own.Length > 0)
                Report(DiagnosticDescriptors.DuplicateMember, own[0].Name.Span, "Value list", field.Name.Text, $"enum {type.Text}, which field '{field.Name.Text}' takes its values from");
            else
            {
                enumType = type.Text;
                own = shared.Values;
            }
        }
        // A shared enum's values are checked against every field that uses it, and reported where the value is written.
        foreach (var value in own)
        {
            if (!Fits(value.Value.Value, bits))
                Report(DiagnosticDescriptors.ValueTooWide, value.Value.Span, "Value", value.Value.Value, bits, "field", field.Name.Text);
        }
        CheckDistinctValues(field);
        var values = own.IsEmpty ? EquatableArray<BoundEnumValue>.Empty : EnumValues(own);
        return new BoundField(field.Name.Text, field.Doc, field.Span, low, high, field.Access ?? registerAccess,
            (registerReset & Mask(low, high)) >> low, values) { EnumType = enumType };
    }

    /// <summary>Reports HV0038 for each named value after the first with the same number, grouped by the first.</summary>
    private void CheckDistinctValues(FieldSyntax field)
    {
        var values = field.Values;
        // A handful of values is compared pairwise; only a long list pays for grouping.
        if (values.Length > 8)
        {
            foreach (var same in values.GroupBy(v => v.Value.Value).Where(g => g.Count() > 1))
            {
                foreach (var value in same.Skip(1)) ReportSharedValue(field, value, same.First());
            }
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            var repeatsEarlier = false;
            for (var j = 0; j < i && !repeatsEarlier; j++) repeatsEarlier = values[j].Value.Value == values[i].Value.Value;
            if (repeatsEarlier) continue;
            for (var k = i + 1; k < values.Length; k++)
            {
                if (values[k].Value.Value == values[i].Value.Value) ReportSharedValue(field, values[k], values[i]);
            }
        }
    }

    private void ReportSharedValue(FieldSyntax field, EnumValueSyntax value, EnumValueSyntax first) =>
        Report(DiagnosticDescriptors.SharedEnumValue, value.Name.Span, value.Name.Text, field.Name.Text, value.Value.Value, first.Name.Text);

    private static ulong Mask(int low, int high) => (high - low + 1 >= 64 ? ulong.MaxValue : (1UL << (high - low + 1)) - 1) << low;

    /// <summary>
    /// A bank condition must name a field of an always-visible, non-array register other than itself, with a value that fits;
    /// <c>when written.F == v</c> names a field of the write-only register itself.
    /// </summary>
    private void CheckConditions(List<RegisterSyntax> syntax, BoundRegister[] registers, Dictionary<string, int> indices)
    {
        var fields = new Dictionary<int, Dictionary<string, BoundField>>();
        for (var at = 0; at < syntax.Count; at++)
        {
            var register = syntax[at];
            if (register.Condition is not { } when) continue;
            int index;
            string? reason;
            if (when.OnWrittenValue)
            {
                index = at;
                reason = WrittenConditionProblem(registers[at]);
            }
            else if (!indices.TryGetValue(when.Register.Text, out index))
            {
                Report(DiagnosticDescriptors.UnknownReference, when.Register.Span, "register", when.Register.Text,
                    Spelling.DidYouMean(when.Register.Text, indices.Keys.Append(ConditionSyntax.Written)));
                continue;
            }
            else
            {
                var candidate = registers[index];
                reason = index == at ? $"a register cannot select itself; 'when {ConditionSyntax.Written}.{when.Field.Text}' tests the written value"
                    : candidate.Condition is not null ? $"'{candidate.Name}' is itself banked"
                    : candidate.IsArray ? $"'{candidate.Name}' is an array"
                    : null;
            }
            if (reason is not null)
            {
                Report(DiagnosticDescriptors.InvalidCondition, when.Register.Span, when.Register.Text, when.Field.Text, register.Name.Text, reason);
                continue;
            }
            var selector = registers[index];
            if (!fields.TryGetValue(index, out var byName))
                fields.Add(index, byName = selector.Fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First()));
            if (!byName.TryGetValue(when.Field.Text, out var field))
                Report(DiagnosticDescriptors.UnknownReference, when.Field.Span, "field", $"{when.Register.Text}.{when.Field.Text}",
                    Spelling.DidYouMean(when.Field.Text, byName.Keys));
            else if (when.ValueName is { } valueName)
                registers[at] = registers[at] with { Condition = registers[at].Condition! with { Value = NamedConditionValue(when, valueName, field, at) } };
            else if (!Fits(when.Value!.Value, field.BitCount))
                Report(DiagnosticDescriptors.ValueTooWide, when.Value.Span, "Value", when.Value.Value, field.BitCount, "field", field.Name);
            else if (field.Values.Count > 0 && !Names(field, when.Value.Value))
                Report(DiagnosticDescriptors.UnnamedConditionValue, when.Value.Span, register.Name.Text, when.Register.Text, field.Name, when.Value.Value,
                    string.Join(", ", field.Values.Select(v => $"{v.Name} = 0x{v.Value:X}")));
        }
    }

    /// <summary>True when one of <paramref name="field"/>'s named values is <paramref name="value"/>.</summary>
    private static bool Names(BoundField field, ulong value)
    {
        foreach (var named in field.Values)
        {
            if (named.Value == value) return true;
        }
        return false;
    }

    /// <summary>The bound form of <paramref name="values"/>, in order.</summary>
    private static EquatableArray<BoundEnumValue> EnumValues(ImmutableArray<EnumValueSyntax> values)
    {
        var bound = new BoundEnumValue[values.Length];
        for (var i = 0; i < bound.Length; i++) bound[i] = new BoundEnumValue(values[i].Name.Text, values[i].Value.Value);
        return ImmutableCollectionsMarshal.AsImmutableArray(bound);
    }

    // A named value is the field's (its own or its shared enum's); an unknown one selects a value no other register can have,
    // so its own error brings no overlap after it.
    private ulong NamedConditionValue(ConditionSyntax when, NameSyntax name, BoundField field, int at)
    {
        foreach (var value in field.Values)
        {
            if (value.Name == name.Text) return value.Value;
        }
        Report(DiagnosticDescriptors.UnknownReference, name.Span, $"value of field '{when.Register.Text}.{when.Field.Text}'", name.Text,
            field.Values.Count == 0 ? " The field names no values; compare it with a number." : Spelling.DidYouMean(name.Text, field.Values.Select(v => v.Name)));
        return ulong.MaxValue - (ulong)at;
    }

    // Only a whole write carries the word that selects a command register: it must be write-only, single and accessed whole.
    private static string? WrittenConditionProblem(BoundRegister register) =>
        register.Access != AccessKind.WriteOnly ? $"a register chosen by the written value must be write-only (wo), and '{register.Name}' is not"
        : register.IsArray ? $"'{register.Name}' is an array"
        : register.IsLaned ? $"'{register.Name}' answers accesses narrower than itself"
        : register.Computed ? $"'{register.Name}' is computed"
        : null;
}
