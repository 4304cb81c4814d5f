using Google.Protobuf;

namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>
/// One field of a protobuf message, read with Google.Protobuf's wire-format reader. The OTLP
/// messages are read by field number (from opentelemetry-proto), so the tests need no generated code.
/// </summary>
public readonly record struct ProtoField(int Number, ulong Scalar, byte[] Bytes)
{
    public static List<ProtoField> ReadAll(byte[] message)
    {
        var fields = new List<ProtoField>();
        var input = new CodedInputStream(message);
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint: fields.Add(new(number, input.ReadUInt64(), [])); break;
                case WireFormat.WireType.Fixed64: fields.Add(new(number, input.ReadFixed64(), [])); break;
                case WireFormat.WireType.Fixed32: fields.Add(new(number, input.ReadFixed32(), [])); break;
                case WireFormat.WireType.LengthDelimited: fields.Add(new(number, 0, input.ReadBytes().ToByteArray())); break;
                default: input.SkipLastField(); break;
            }
        }
        return fields;
    }

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes);
    public string Hex => Convert.ToHexStringLower(Bytes);
}
