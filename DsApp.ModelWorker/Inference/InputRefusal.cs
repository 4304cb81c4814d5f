namespace DsApp.ModelWorker.Inference;

/// <summary>Why a request's input is refused, in the request's terms; each protocol's adapter gives it a status.</summary>
public enum InputRefusal
{
    /// <summary>A field, tensor or value that does not fit the model, or a body that is not what the protocol reads.</summary>
    Invalid,

    /// <summary>More rows, or more bytes, than one request may carry.</summary>
    TooLarge,

    /// <summary>A body in a media type the endpoint does not read.</summary>
    UnsupportedMediaType,
}
