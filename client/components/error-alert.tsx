import type { ApiError } from '../types/api';

interface ErrorAlertProps {
  errors: ApiError[];
}

const ErrorAlert = ({ errors }: ErrorAlertProps) => (
  <div className="alert alert-danger" role="alert">
    <h2 className="h6 alert-heading">Something is not right</h2>
    <ul className="mb-0">
      {errors.map((error, index) => (
        <li key={index}>{error.message}</li>
      ))}
    </ul>
  </div>
);

export default ErrorAlert;
