namespace HvDsl.Language.Diagnostics;

/// <summary>The catalog of every diagnostic the language reports; ids are stable, each documented in docs/diagnostics/HVnnnn.md.</summary>
public static class DiagnosticDescriptors
{
    private static DiagnosticDescriptor Error(string id, string title, string message) => new(id, title, DiagnosticSeverity.Error, message);

    private static DiagnosticDescriptor Warning(string id, string title, string message) => new(id, title, DiagnosticSeverity.Warning, message);

    /// <summary>HV0001: the text does not follow the grammar.</summary>
    public static readonly DiagnosticDescriptor SyntaxError = Error("HV0001", "Syntax error",
        "Syntax error: expected {0}, found {1}.{2} Correct the text at this position.");

    /// <summary>HV0002: two top-level declarations share a name.</summary>
    public static readonly DiagnosticDescriptor DuplicateDeclaration = Error("HV0002", "Duplicate declaration",
        "'{0}' is already declared at {1}. Rename one of them.");

    /// <summary>HV0003: two members of one declaration share a name.</summary>
    public static readonly DiagnosticDescriptor DuplicateMember = Error("HV0003", "Duplicate member",
        "{0} '{1}' is already declared in '{2}'. Rename one of them.");

    /// <summary>HV0004: a name refers to nothing of the expected kind.</summary>
    public static readonly DiagnosticDescriptor UnknownReference = Error("HV0004", "Unknown reference",
        "No {0} named '{1}' is declared.{2} Declare it or correct the name.");

    /// <summary>HV0005: two registers overlap and are not told apart by a <c>when</c> condition.</summary>
    public static readonly DiagnosticDescriptor RegisterOverlap = Error("HV0005", "Registers overlap",
        "Register '{0}' overlaps '{1}' at offset 0x{2:X}. Move it, or bank both with different 'when' conditions on the same field.");

    /// <summary>HV0006: a field's bits lie outside its register.</summary>
    public static readonly DiagnosticDescriptor FieldOutsideRegister = Error("HV0006", "Field outside register",
        "Field '{0}' uses bits {1}..{2} but register '{3}' has bits 0..{4}. Use bits inside the register or widen it.");

    /// <summary>HV0007: two fields share bits.</summary>
    public static readonly DiagnosticDescriptor FieldOverlap = Error("HV0007", "Fields overlap",
        "Field '{0}' shares bits with field '{1}'. Give each field its own bits.");

    /// <summary>HV0008: a value does not fit in the bits it is given to.</summary>
    public static readonly DiagnosticDescriptor ValueTooWide = Error("HV0008", "Value too wide",
        "{0} 0x{1:X} does not fit in {2} bit(s) of {3} '{4}'. Use a smaller value or more bits.");

    /// <summary>HV0009: a number appears twice where it must be unique (hypercall number, CPUID leaf, MSR index).</summary>
    public static readonly DiagnosticDescriptor DuplicateNumber = Error("HV0009", "Duplicate number",
        "{0} 0x{1:X} is already used in '{2}'. Each must appear once.");

    /// <summary>HV0010: a trap names an instruction Iced does not know.</summary>
    public static readonly DiagnosticDescriptor UnknownInstruction = Error("HV0010", "Unknown instruction",
        "'{0}' is not an Iced instruction mnemonic or a language alias. Use a mnemonic such as 'hlt' or 'cpuid', or an alias listed in docs/language.md.");

    /// <summary>HV0011: an instruction appears in two rules of one trap table.</summary>
    public static readonly DiagnosticDescriptor DuplicateInstruction = Error("HV0011", "Instruction trapped twice",
        "Instruction '{0}' already has a rule in trap table '{1}'. Keep one rule per instruction.");

    /// <summary>HV0012: two devices of a machine occupy the same addresses.</summary>
    public static readonly DiagnosticDescriptor PlacementOverlap = Error("HV0012", "Devices overlap",
        "Device '{0}' at {1} 0x{2:X}..0x{3:X} overlaps device '{4}'. Move one of them.");

    /// <summary>HV0013: a port device does not fit below port 0xFFFF.</summary>
    public static readonly DiagnosticDescriptor PortOutOfRange = Error("HV0013", "Port out of range",
        "Device '{0}' at port 0x{1:X} with a window of {2} byte(s) ends beyond port 0xFFFF. Place it lower.");

    /// <summary>HV0014: an access width is not 1, 2, 4 or 8 bytes or is wider than the window.</summary>
    public static readonly DiagnosticDescriptor IllegalAccessWidth = Error("HV0014", "Illegal access width",
        "Access width {0} is not allowed for a window of {1} byte(s). Use 1, 2, 4 or 8, no wider than the window.");

    /// <summary>HV0015: a register ends beyond its device's window.</summary>
    public static readonly DiagnosticDescriptor RegisterOutsideWindow = Error("HV0015", "Register outside window",
        "Register '{0}' ends at offset {1} but the window is {2} byte(s). Move the register or enlarge 'size'.");

    /// <summary>HV0016: a register is wider or narrower than every access the device allows.</summary>
    public static readonly DiagnosticDescriptor RegisterWidthNotAccessible = Error("HV0016", "Register width not an access width",
        "Register '{0}' is {1} byte(s) wide, which is not one of the device's access widths ({2}). Add {1} to 'access' or change the register type.");

    /// <summary>HV0017: a required setting is missing from a declaration.</summary>
    public static readonly DiagnosticDescriptor MissingSetting = Error("HV0017", "Missing setting",
        "'{0}' needs a '{1}' setting. Add it.");

    /// <summary>HV0018: a setting appears twice in one declaration.</summary>
    public static readonly DiagnosticDescriptor DuplicateSetting = Error("HV0018", "Setting given twice",
        "'{0}' is already set in '{1}'. Keep one.");

    /// <summary>HV0019: a value lies outside the range its setting allows.</summary>
    public static readonly DiagnosticDescriptor ValueOutOfRange = Error("HV0019", "Value out of range",
        "{0} {1} is out of range; it must be {2}.");

    /// <summary>HV0020: a hypercall has more parameters than the convention has argument registers.</summary>
    public static readonly DiagnosticDescriptor TooManyParameters = Error("HV0020", "Too many parameters",
        "Hypercall '{0}' has {1} parameter(s) but '{2}' passes only {3} argument register(s). Remove parameters or add registers to 'arguments'.");

    /// <summary>HV0021: an element of a register array overlaps the next one.</summary>
    public static readonly DiagnosticDescriptor StrideTooSmall = Error("HV0021", "Stride smaller than register",
        "Register array '{0}' has stride {1} but each element is {2} byte(s) wide. Use a stride of at least {2}.");

    /// <summary>HV0022: a machine gives an interrupt line to a device that declares none.</summary>
    public static readonly DiagnosticDescriptor DeviceHasNoIrq = Error("HV0022", "Device has no interrupt line",
        "Device type '{0}' declares no 'irq' line, so '{1}' cannot be wired to irq {2}. Add 'irq Name;' to the device or remove the irq.");

    /// <summary>HV0023: a CPUID register text has the wrong length.</summary>
    public static readonly DiagnosticDescriptor CpuidTextLength = Error("HV0023", "CPUID text length",
        "'{0}' text \"{1}\" must be exactly {2} ASCII characters. Pad or shorten it.");

    /// <summary>HV0024: an access kind is not allowed where it is used.</summary>
    public static readonly DiagnosticDescriptor AccessKindNotAllowed = Error("HV0024", "Access kind not allowed",
        "Access kind '{0}' is not allowed for {1}. Use one of {2}.");

    /// <summary>HV0025: a service step is used in a handler where it has no meaning.</summary>
    public static readonly DiagnosticDescriptor StepNotAllowed = Error("HV0025", "Step not allowed here",
        "'{0}' is not allowed in 'on {1}'; it needs a received line. Move it to 'on line'.");

    /// <summary>HV0026: a condition selects a register by a field of a banked or arrayed register, or by itself.</summary>
    public static readonly DiagnosticDescriptor InvalidCondition = Error("HV0026", "Invalid bank condition",
        "Condition on '{0}.{1}' cannot select register '{2}': {3}.");

    /// <summary>HV0027: a register type is not u8, u16, u32 or u64, or a hypercall type is not an unsigned integer type.</summary>
    public static readonly DiagnosticDescriptor UnknownType = Error("HV0027", "Unknown type",
        "'{0}' is not a type. Use u8, u16, u32 or u64.");

    /// <summary>HV0028: an MMIO device is placed over the machine's RAM.</summary>
    public static readonly DiagnosticDescriptor MmioOverRam = Error("HV0028", "MMIO over RAM",
        "Device '{0}' at mmio 0x{1:X} lies inside the machine's {2} byte(s) of RAM. Place it at or above 0x{2:X}.");

    /// <summary>HV0029: a register name is not a general-purpose 64-bit register.</summary>
    public static readonly DiagnosticDescriptor UnknownRegisterName = Error("HV0029", "Unknown CPU register",
        "'{0}' is not a CPU register here. Use one of {1}.");

    /// <summary>HV0030: a trap action is used where it has no meaning.</summary>
    public static readonly DiagnosticDescriptor ActionNotAllowed = Error("HV0030", "Action not allowed",
        "Action '{0}' is not allowed in {1}. Use {2}.");

    /// <summary>HV0031: a <c>cpu</c> MSR has a <c>reset</c>, but its value lives in the vCPU, which resets it.</summary>
    public static readonly DiagnosticDescriptor ResetOfCpuMsr = Error("HV0031", "Reset of a cpu MSR",
        "MSR '{0}' is the processor's own state ('cpu'), so the vCPU sets its reset value. Remove 'reset' or 'cpu'.");

    /// <summary>HV0032: a <c>send now</c> date format is not a .NET date and time format, so every connection would fail.</summary>
    public static readonly DiagnosticDescriptor InvalidDateFormat = Error("HV0032", "Invalid date format",
        "\"{0}\" is not a .NET date and time format: {1} Use standard or custom format specifiers such as \"ddd MMM d HH:mm:ss yyyy\".");

    /// <summary>HV0033: a file declares more register elements than the generated devices may hold.</summary>
    public static readonly DiagnosticDescriptor TooManyRegisterElements = Error("HV0033", "Too many register elements",
        "Register '{0}' brings this file to {1} register elements (array lengths added up); at most {2} are allowed. Use fewer or shorter register arrays.");

    /// <summary>HV0034: a spec file is larger than the language reads.</summary>
    public static readonly DiagnosticDescriptor FileTooLarge = Error("HV0034", "Spec file too large",
        "The file holds {0}; a spec file may hold at most {1} characters. Split it into several files.");

    /// <summary>HV0035: a spec path cannot be read: missing, not a regular file, or not permitted.</summary>
    public static readonly DiagnosticDescriptor UnreadableFile = Error("HV0035", "Spec file unreadable",
        "The file cannot be read: {0}. Check the path and its permissions; specs must be regular files.");

    /// <summary>HV0036: a file has more diagnostics than are reported for one file.</summary>
    public static readonly DiagnosticDescriptor FurtherDiagnosticsSuppressed = Error("HV0036", "Further diagnostics suppressed",
        "{0} more problem(s) in this file are not shown; at most {1} are reported per file. Fix the ones above first.");

    /// <summary>HV0037: a bank condition compares a field with named values against a number it does not name.</summary>
    public static readonly DiagnosticDescriptor UnnamedConditionValue = Warning("HV0037", "Condition on an unnamed value",
        "Register '{0}' is selected when {1}.{2} == 0x{3:X}, a value the field gives no name ({4}). Compare with a named value, or name this one.");

    /// <summary>HV0038: two named values of one field have the same number, so a read names only the first.</summary>
    public static readonly DiagnosticDescriptor SharedEnumValue = Warning("HV0038", "Named values share a number",
        "Value '{0}' of field '{1}' is 0x{2:X}, as '{3}' is; a read of the field shows as '{3}'. Give each name its own number, or keep one.");

    /// <summary>HV0039: a register lists an access width wider than itself, which it could never serve.</summary>
    public static readonly DiagnosticDescriptor AccessWiderThanRegister = Error("HV0039", "Access wider than register",
        "Register '{0}' is {1} byte(s) wide and cannot serve a {2}-byte access. List widths up to {1}.");

    /// <summary>HV0040: a register lists an access width the device never lets through.</summary>
    public static readonly DiagnosticDescriptor AccessWidthNeverReaches = Error("HV0040", "Access width never reaches register",
        "Register '{0}' answers {1}-byte accesses, but the device's access widths ({2}) never let one through. Add {1} to the device's 'access' or remove it here.");

    /// <summary>HV0041: a spec name would be a second member of the same name in the generated device class.</summary>
    public static readonly DiagnosticDescriptor GeneratedMemberClash = Error("HV0041", "Name clashes with generated member",
        "{0} '{1}' would generate the member '{2}', which is already {3}. Rename it.");

    /// <summary>HV0042: a device accepts an access width that no register answers, so every such access would take a policy value.</summary>
    public static readonly DiagnosticDescriptor AccessWidthNeverServed = Error("HV0042", "Access width never served",
        "No register answers a {0}-byte access (registers answer {1}), so every one would read the policy value and be ignored on write. Remove {0} from 'access'{2}.");

    /// <summary>Every descriptor, in id order, for documentation and tests.</summary>
    public static readonly DiagnosticDescriptor[] All =
    [
        SyntaxError, DuplicateDeclaration, DuplicateMember, UnknownReference, RegisterOverlap, FieldOutsideRegister,
        FieldOverlap, ValueTooWide, DuplicateNumber, UnknownInstruction, DuplicateInstruction, PlacementOverlap,
        PortOutOfRange, IllegalAccessWidth, RegisterOutsideWindow, RegisterWidthNotAccessible, MissingSetting,
        DuplicateSetting, ValueOutOfRange, TooManyParameters, StrideTooSmall, DeviceHasNoIrq, CpuidTextLength,
        AccessKindNotAllowed, StepNotAllowed, InvalidCondition, UnknownType, MmioOverRam, UnknownRegisterName, ActionNotAllowed,
        ResetOfCpuMsr, InvalidDateFormat, TooManyRegisterElements, FileTooLarge, UnreadableFile, FurtherDiagnosticsSuppressed,
        UnnamedConditionValue, SharedEnumValue, AccessWiderThanRegister, AccessWidthNeverReaches,
        GeneratedMemberClash, AccessWidthNeverServed,
    ];
}
