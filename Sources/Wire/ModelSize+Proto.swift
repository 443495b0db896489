internal import Core
internal import GridProto

extension ModelSize {
    init(proto: Transfergrid__V1__ModelSize, at field: String) throws(WireError) {
        switch proto {
        case TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_SMALL: self = .small
        case TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_MEDIUM: self = .medium
        case TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_LARGE: self = .large
        default: throw WireError(.unknownEnumValue, field: field, "ModelSize \(proto.rawValue) is not defined")
        }
    }

    var proto: Transfergrid__V1__ModelSize {
        switch self {
        case .small: TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_SMALL
        case .medium: TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_MEDIUM
        case .large: TRANSFERGRID__V1__MODEL_SIZE__MODEL_SIZE_LARGE
        }
    }
}
