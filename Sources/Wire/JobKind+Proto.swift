internal import Core
internal import GridProto

extension JobKind {
    init(proto: Transfergrid__V1__JobKind, at field: String) throws(WireError) {
        switch proto {
        case TRANSFERGRID__V1__JOB_KIND__JOB_KIND_PRETRAIN: self = .pretrain
        case TRANSFERGRID__V1__JOB_KIND__JOB_KIND_FINETUNE: self = .finetune
        case TRANSFERGRID__V1__JOB_KIND__JOB_KIND_EVALUATE: self = .evaluate
        case TRANSFERGRID__V1__JOB_KIND__JOB_KIND_NOOP: self = .noop
        default: throw WireError(.unknownEnumValue, field: field, "JobKind \(proto.rawValue) is not defined")
        }
    }

    var proto: Transfergrid__V1__JobKind {
        switch self {
        case .pretrain: TRANSFERGRID__V1__JOB_KIND__JOB_KIND_PRETRAIN
        case .finetune: TRANSFERGRID__V1__JOB_KIND__JOB_KIND_FINETUNE
        case .evaluate: TRANSFERGRID__V1__JOB_KIND__JOB_KIND_EVALUATE
        case .noop: TRANSFERGRID__V1__JOB_KIND__JOB_KIND_NOOP
        }
    }
}
