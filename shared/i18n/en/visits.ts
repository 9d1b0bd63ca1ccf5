const visits = {
};
export default visits;
