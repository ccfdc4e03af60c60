// The GraphQL documents the CLI sends. Kept in one place so a contract change is one edit.

const USAGE = 'usage { promptTokens outputTokens thinkingTokens totalTokens modelCalls }';
const PROGRESS = 'progress { completionPercentage currentStep fieldsProcessed totalFields subtreesCompleted totalSubtrees }';

export const UPLOAD_DOCUMENT = `mutation UploadDocument($file: File!) {
  uploadDocument(file: $file) { id filename pageCount textPageCount sizeBytes }
}`;

export const START_EXTRACTION_JOB = `mutation StartExtractionJob($input: StartExtractionJobInput!) {
  startExtractionJob(input: $input) { jobId status estimatedCompletion job { config { model extractionTarget } } }
}`;

export const JOB_PROGRESS = `subscription JobProgress($jobId: ID!, $after: Int) {
  jobProgress(jobId: $jobId, after: $after) {
    __typename seq jobId at
    ... on JobStartedEvent { totalSubtrees startTime }
    ... on SubtreeResultEvent { path extractedResult attributions usageMetadata { promptTokens outputTokens thinkingTokens totalTokens modelCalls } }
    ... on SubtreeErrorEvent { path errorMessage errorType }
    ... on ArrayProgressEvent { path itemsExtracted turn done }
    ... on JobStatusEvent { status errorMessage ${PROGRESS} }
  }
}`;

export const JOB_RESULT = `query JobResult($id: ID!) {
  job(id: $id) {
    id status errorMessage results
    metadata { ${USAGE} costUsd durationMs numPagesExtracted hasAttributions warnings model failedPaths }
  }
}`;

export const JOB_DETAILS = `query JobDetails($id: ID!) {
  job(id: $id) {
    id status createdAt startedAt finishedAt estimatedCompletion errorMessage
    document { id filename pageCount }
    schema { id name totalFields }
    config {
      model maxNumConcurrentRequests validateResponseSchema perKeyAttribution temperature seed enableThinking
      nMaxRetries additionalInstructions enableAgenticArrayExtraction extractionTarget targetPages maxPages
    }
    ${PROGRESS}
    metadata { ${USAGE} costUsd durationMs numPagesExtracted hasAttributions warnings model }
    results
  }
}`;

export const LIST_JOBS = `query ListJobs($status: [JobStatus!], $first: Int, $after: String) {
  jobs(status: $status, first: $first, after: $after) {
    nodes { id status createdAt document { filename } config { model } progress { completionPercentage } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const CANCEL_JOB = `mutation CancelJob($jobId: ID!) {
  cancelExtractionJob(jobId: $jobId) { id status errorMessage }
}`;

export const VALIDATE_SCHEMA = `query ValidateSchema($jsonSchema: JSON!) {
  validateSchema(jsonSchema: $jsonSchema) { valid totalFields errors { path message } warnings { path message } }
}`;

export const ESTIMATE_EXTRACTION = `query EstimateExtraction($documentId: ID!, $schemaId: ID, $jsonSchema: JSON, $config: ExtractConfigInput) {
  estimateExtraction(documentId: $documentId, schemaId: $schemaId, jsonSchema: $jsonSchema, config: $config) {
    model totalSubtrees sections modelCalls inputTokensMin inputTokensMax cachedTokensMax
    outputTokensMin outputTokensMax costUsdMin costUsdMax warnings
  }
}`;

export const DELETE_DOCUMENT = `mutation DeleteDocument($id: ID!) { deleteDocument(id: $id) }`;
