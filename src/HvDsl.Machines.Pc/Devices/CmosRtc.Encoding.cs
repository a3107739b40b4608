using System;

namespace HvDsl.Machines.Pc;

public sealed partial class CmosRtc
{
    // Datasheet "Time, Calendar and Alarm Data Modes": register B's DM picks binary or BCD, bit 1 picks 24- or 12-hour
    // form, where hours run 1-12 and bit 7 marks PM; day of week counts from Sunday = 1.
    private void Store(DateTime time)
    {
        var r = Registers;
        r.Seconds = Encode(time.Second);
        r.Minutes = Encode(time.Minute);
        r.Hours = EncodeHours(time.Hour);
        r.DayOfWeek = Encode((int)time.DayOfWeek + 1);
        r.DayOfMonth = Encode(time.Day);
        r.Month = Encode(time.Month);
        r.Year = Encode(time.Year % 100);
        r.Century = ToBcd(time.Year / 100);
    }

    /// <summary>The time the registers spell, or null if they hold no valid date.</summary>
    private DateTime? Load()
    {
        var r = Registers;
        int second = Decode(r.Seconds), minute = Decode(r.Minutes), hour = DecodeHours(r.Hours);
        int day = Decode(r.DayOfMonth), month = Decode(r.Month), year = Decode(r.Year);
        var century = FromBcd(r.Century);
        var fullYear = century * 100 + year;
        if (second > 59 || minute > 59 || hour > 23 || month is < 1 or > 12 || fullYear is < 1 or > 9999) return null;
        if (day < 1 || day > DateTime.DaysInMonth(fullYear, month)) return null;
        return new DateTime(fullYear, month, day, hour, minute, second);
    }

    private byte EncodeHours(int hour)
    {
        if (Registers.B_Hour24) return Encode(hour);
        var twelve = hour % 12 == 0 ? 12 : hour % 12;
        return (byte)(Encode(twelve) | (hour >= 12 ? Mc146818Registers.RegisterMap.Hours_PMMask : 0));
    }

    private int DecodeHours(byte value)
    {
        if (Registers.B_Hour24) return Decode(value);
        var twelve = Decode((byte)(value & ~Mc146818Registers.RegisterMap.Hours_PMMask)) % 12;
        return (value & Mc146818Registers.RegisterMap.Hours_PMMask) != 0 ? twelve + 12 : twelve;
    }

    private byte Encode(int value) => Registers.B_DM ? (byte)value : ToBcd(value);

    private int Decode(byte value) => Registers.B_DM ? value : FromBcd(value);

    private static byte ToBcd(int value) => (byte)((value / 10 << 4) | (value % 10));

    private static int FromBcd(byte value) => (value >> 4) * 10 + (value & 0x0F);
}
